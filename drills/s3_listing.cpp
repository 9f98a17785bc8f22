#include "drills/s3_listing.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <map>

namespace drsim::drills {
namespace {

std::optional<double> parse_time(const std::string& text, const char* format, char sep) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char t = 0;
  int used = 0;
  if (std::sscanf(text.c_str(), format, &y, &mo, &d, &t, &h, &mi, &s, &used) != 7 || t != sep ||
      mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = s;
  double seconds = static_cast<double>(::timegm(&tm));
  // Fractional seconds (".000Z").
  std::string rest = text.substr(static_cast<std::size_t>(used));
  if (!rest.empty() && rest.front() == '.') {
    std::size_t i = 1;
    double scale = 0.1;
    while (i < rest.size() && std::isdigit(static_cast<unsigned char>(rest[i]))) {
      seconds += (rest[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    rest = rest.substr(i);
  }
  if (sep == 'T' ? rest != "Z" : !rest.empty()) return std::nullopt;
  return seconds;
}

std::string shown(const S3Object& o) { return std::to_string(o.size) + " bytes/" + o.etag; }

}  // namespace

std::optional<double> parse_s3_time(const std::string& text) {
  return parse_time(text, "%4d-%2d-%2d%c%2d:%2d:%2d%n", 'T');
}

std::optional<double> parse_utc_time(const std::string& text) {
  return parse_time(text, "%4d-%2d-%2d%c%2d:%2d:%2d%n", ' ');
}

std::vector<S3Object> objects_at(const std::vector<S3Version>& listing, double at) {
  std::vector<S3Object> out;
  const std::string* decided = nullptr;  // the key whose version is chosen (or absent)
  for (const auto& v : listing) {
    if (decided && *decided == v.key) continue;
    if (v.modified > at) continue;
    decided = &v.key;
    if (!v.delete_marker) out.push_back({v.key, v.etag, v.version_id, v.size, v.modified});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const S3Object& a, const S3Object& b) { return a.key < b.key; });
  return out;
}

ListingDiff compare_listings(const std::vector<S3Object>& expected,
                             const std::vector<S3Object>& found) {
  std::map<std::string, const S3Object*> want, got;
  for (const auto& o : expected) want[o.key] = &o;
  for (const auto& o : found) got[o.key] = &o;
  ListingDiff d;
  for (const auto& [key, o] : want) {
    auto it = got.find(key);
    if (it == got.end()) {
      d.missing.push_back(key);
    } else if (it->second->size != o->size || it->second->etag != o->etag) {
      d.different.push_back(key + ": " + shown(*o) + " expected, " + shown(*it->second) + " found");
    }
  }
  for (const auto& [key, o] : got) {
    if (!want.count(key)) d.unexpected.push_back(key);
  }
  return d;
}

std::string ListingDiff::summary(std::size_t shown_keys) const {
  std::string out;
  auto part = [&](const std::vector<std::string>& keys, const std::string& what) {
    if (keys.empty()) return;
    std::string names;
    for (std::size_t i = 0; i < keys.size() && i < shown_keys; ++i) {
      names += (i ? ", " : "") + keys[i];
    }
    if (keys.size() > shown_keys) names += ", ...";
    out +=
        (out.empty() ? "" : ", ") + std::to_string(keys.size()) + " " + what + " (" + names + ")";
  };
  part(missing, "missing");
  part(unexpected, "unexpected");
  part(different, "different");
  return out;
}

std::vector<S3Object> with_prefix(std::vector<S3Object> objects, const std::string& from,
                                  const std::string& to) {
  for (auto& o : objects) {
    if (o.key.compare(0, from.size(), from) == 0) o.key = to + o.key.substr(from.size());
  }
  return objects;
}

bool plain_md5_etag(const std::string& etag) {
  return etag.size() == 32 && std::all_of(etag.begin(), etag.end(), [](char c) {
           return std::isxdigit(static_cast<unsigned char>(c)) != 0;
         });
}

}  // namespace drsim::drills
