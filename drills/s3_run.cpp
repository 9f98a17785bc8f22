#include "drills/s3_run.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "drills/cancel.hpp"
#include "drills/conninfo.hpp"
#include "model/digest.hpp"
#include "model/errors.hpp"
#include "model/units.hpp"

namespace drsim::drills {
namespace {

// Each request's timeout: the default step timeout, at most a minute.
constexpr double kMaxRequestTimeout = 60;
// How many CopyObject requests the restore has in flight at a time.
constexpr std::size_t kCopyStreams = 8;
// How many restored objects check_content reads back.
constexpr std::size_t kContentSample = 1000;

long long total_bytes(const std::vector<S3Object>& objects) {
  long long bytes = 0;
  for (const auto& o : objects) bytes += o.size;
  return bytes;
}

// True for the heartbeat objects of every drill (this one's and others' under the prefix).
bool heartbeat_object(const S3Run& r, const std::string& key) {
  const std::string dir = r.spec.source.prefix + r.spec.heartbeat.key + "/";
  return key.compare(0, dir.size(), dir) == 0;
}

void preflight_s3(S3Run& r) {
  const auto& src = r.spec.source;
  r.step("preflight", [&](StepLog& log) {
    r.client = r.make_client();
    const std::string status = r.client->versioning(src.bucket);
    if (r.spec.method == Method::kVersions && status != "Enabled") {
      throw EnvironmentError("versioning is not enabled on the source bucket " + src.bucket + " (" +
                                 (status.empty() ? "never enabled" : status) + ")",
                             "method versions restores from object versions: enable versioning "
                             "on the bucket, or restore from a copy with 'method: copy'");
    }
    if (r.spec.method == Method::kCopy) r.client->versioning(r.spec.backup.bucket);
    r.open_run_dir("");
    r.scratch_bucket.clear();
    log.detail = "source " + r.client->url() + "/" + src.bucket + "/" + src.prefix +
                 " (versioning " + (status.empty() ? "off" : status) + "), run " + r.run->path();
  });
}

void list_objects(S3Run& r) {
  const auto& src = r.spec.source;
  r.step("list", [&](StepLog& log) {
    if (r.spec.method == Method::kVersions) {
      // LastModified has a resolution of 1 s (Swift rounds it up): the loss's second counts.
      double at = std::ceil(r.t0_epoch);
      if (!r.spec.recovery.target_time.empty()) {
        at = parse_utc_time(r.spec.recovery.target_time).value_or(at);
      }
      const auto versions = r.client->list_versions(src.bucket, src.prefix);
      r.expected = objects_at(versions, at);
      r.copy_from_bucket = src.bucket;
      for (const auto& o : r.expected) r.copy_from_keys.push_back(o.key);
      r.restore_point = at;
      const auto markers = std::count_if(versions.begin(), versions.end(),
                                         [](const S3Version& v) { return v.delete_marker; });
      r.journal.set_evidence("listing", {{"versions", versions.size() - markers},
                                         {"delete_markers", markers},
                                         {"restore_point", iso_utc(at)},
                                         {"chosen", r.expected.size()}});
      log.detail = std::to_string(versions.size() - static_cast<std::size_t>(markers)) +
                   " versions and " + std::to_string(markers) + " delete markers under " +
                   src.bucket + "/" + src.prefix + ": " + std::to_string(r.expected.size()) +
                   " objects as at " + iso_utc(at);
      return;
    }
    const auto& b = r.spec.backup;
    auto copy = r.client->list_objects(b.bucket, b.prefix);
    r.copy_from_bucket = b.bucket;
    for (const auto& o : copy) r.copy_from_keys.push_back(o.key);
    r.expected = with_prefix(std::move(copy), b.prefix, src.prefix);
    double newest = 0;
    for (const auto& o : r.expected) newest = std::max(newest, o.modified);
    if (newest > 0) r.restore_point = newest;
    // What the copy lacks of the source as the loss was declared: the data lost, for the
    // journal and the evidence (the RPO measures it; it is no failure of the restore).
    auto source = r.client->list_objects(src.bucket, src.prefix);
    source.erase(std::remove_if(source.begin(), source.end(),
                                [&](const S3Object& o) { return heartbeat_object(r, o.key); }),
                 source.end());
    const ListingDiff lost = compare_listings(source, r.expected);
    nlohmann::ordered_json lost_keys = nlohmann::ordered_json::array();
    for (const auto& k : lost.missing) lost_keys.push_back(k);
    for (const auto& k : lost.different) lost_keys.push_back(k.substr(0, k.find(':')));
    r.journal.set_evidence("listing", {{"copy_objects", r.expected.size()},
                                       {"source_objects", source.size()},
                                       {"lost_missing", lost.missing.size()},
                                       {"lost_changed", lost.different.size()},
                                       {"lost_keys", lost_keys}});
    if (!lost.missing.empty() || !lost.different.empty()) {
      ListingDiff shown = lost;
      shown.unexpected.clear();
      r.journal.add_note("data lost: the copy lacks what the source holds: " + shown.summary());
    }
    log.detail = std::to_string(r.expected.size()) + " objects in the copy " + b.bucket + "/" +
                 b.prefix + ", " + std::to_string(source.size()) + " in the source; " +
                 std::to_string(lost.missing.size() + lost.different.size()) +
                 " of the source's missing or older in the copy";
  });
}

void restore_objects(S3Run& r) {
  r.step("create_bucket", [&](StepLog& log) {
    const std::string name = scratch_bucket_name(r.run->id());
    // Never adopt a bucket that exists (a CreateBucket of one's own bucket may answer 200): the
    // cleanup deletes the scratch bucket with everything in it.
    bool exists = true;
    try {
      r.client->versioning(name);
    } catch (const S3Error& e) {
      exists = e.code() != "NoSuchBucket" && e.status() != 404;
    }
    if (exists) {
      throw EnvironmentError(
          "the scratch bucket " + name + " exists already: drsim did not create it",
          "remove it if it is a leftover of a killed drill, or run the drill "
          "again (a new run picks a new name)");
    }
    try {
      r.client->create_bucket(name);
    } catch (const S3Error& e) {
      throw EnvironmentError(std::string("cannot create the scratch bucket: ") + e.what(),
                             "the credentials need to create and delete buckets (s3:CreateBucket, "
                             "s3:DeleteBucket) on the endpoint");
    }
    r.scratch_bucket = name;
    r.run->write_private("scratch-bucket", r.client->url() + "/" + name + "\n");
    log.detail = "created " + name;
  });
  r.step("restore", [&](StepLog& log) {
    const double limit = r.spec.timeout_for("restore");
    const double start = r.journal.now_s();
    // kCopyStreams copies at a time, each stream with a client of its own; this thread watches
    // for signals and the step's timeout and stops the streams after their current copy.
    std::atomic<std::size_t> next{0}, copied{0}, finished{0};
    std::atomic<bool> stop{false};
    std::mutex mu;
    std::exception_ptr error;
    const std::size_t n = r.expected.size();
    const std::size_t streams = std::min(kCopyStreams, std::max<std::size_t>(n, 1));
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < streams; ++t) {
      threads.emplace_back([&] {
        try {
          const auto c = r.make_client();
          for (std::size_t i; !stop && (i = next++) < n;) {
            const auto& o = r.expected[i];
            c->copy_object(r.copy_from_bucket, r.copy_from_keys[i], o.version_id, r.scratch_bucket,
                           o.key);
            ++copied;
          }
        } catch (...) {
          std::lock_guard<std::mutex> lock(mu);
          if (!error) error = std::current_exception();
          stop = true;
        }
        ++finished;
      });
    }
    bool timed_out = false;
    while (finished < streams) {
      if (pending_signal() != 0) stop = true;
      if (!timed_out && r.journal.now_s() - start > limit) timed_out = stop = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (auto& t : threads) t.join();
    throw_if_cancelled();
    if (error) std::rethrow_exception(error);
    if (timed_out) {
      throw StepTimeout("restore timed out after " + units::format_duration(limit) + " (" +
                        std::to_string(copied) + " of " + std::to_string(n) + " objects copied)");
    }
    const long long bytes = total_bytes(r.expected);
    const double seconds = r.journal.now_s() - start;
    r.journal.set_evidence("restore", {{"step", "restore"},
                                       {"objects", r.expected.size()},
                                       {"bytes", bytes},
                                       {"seconds", seconds}});
    log.detail = "copied " + std::to_string(r.expected.size()) + " objects (" +
                 std::to_string(bytes) + " bytes) from " + r.copy_from_bucket + " into " +
                 r.scratch_bucket + " server-side";
  });
  r.answers = r.journal.now_s();
  const auto wrote = r.step("writable", [&](StepLog& log) {
    const std::string key = "drsim-writable-" + r.run->id();
    r.client->put_object(r.scratch_bucket, key, "1");
    r.client->delete_object(r.scratch_bucket, key);
    log.detail = "accepted a write (PUT and DELETE of " + key + ")";
  });
  r.writable = r.journal.steps()[wrote].end_s;
  const double rto = *r.writable - r.t0.value_or(0);
  const long long bytes = total_bytes(r.expected);
  nlohmann::ordered_json rate{{"objects", r.expected.size()}, {"bytes", bytes}, {"rto_s", rto}};
  if (!r.expected.empty())
    rate["rto_s_per_1000_objects"] = rto * 1000 / static_cast<double>(r.expected.size());
  if (bytes > 0) rate["rto_s_per_gb"] = rto * 1e9 / static_cast<double>(bytes);
  r.journal.set_evidence("rto_rate", rate);
}

void measure_rpo(S3Run& r) {
  r.measure_rpo(
      [&]() -> std::optional<std::string> {
        try {
          return r.client->get_object(r.scratch_bucket, r.heartbeat->key());
        } catch (const S3Error& e) {
          if (e.code() == "NoSuchKey") return std::nullopt;
          throw;
        }
      },
      r.restore_point,
      r.spec.method == Method::kVersions ? "restore point" : "newest object of the copy written");
}

void verify_objects(S3Run& r) {
  r.step("verify_objects", [&](StepLog& log) {
    const auto found = r.client->list_objects(r.scratch_bucket, "");
    const ListingDiff diff = compare_listings(r.expected, found);
    r.journal.set_evidence("objects", {{"restored", found.size()},
                                       {"expected", r.expected.size()},
                                       {"bytes", total_bytes(found)}});
    if (!diff.empty()) {
      throw DrillFailure("the scratch bucket differs from the objects restored: " + diff.summary());
    }
    log.detail = std::to_string(found.size()) +
                 " objects, every key, size and ETag equal to the restore point's";
  });
  r.step("check_content", [&](StepLog& log) {
    std::size_t checked = 0, plain = 0;
    for (const auto& o : r.expected) {
      if (checked == kContentSample) break;
      throw_if_cancelled();
      ++checked;
      const std::string body = r.client->get_object(r.scratch_bucket, o.key);
      if (static_cast<long long>(body.size()) != o.size) {
        r.findings.push_back("object " + o.key + ": " + std::to_string(body.size()) +
                             " bytes read, " + std::to_string(o.size) + " listed");
        continue;
      }
      if (!plain_md5_etag(o.etag)) continue;
      ++plain;
      std::string etag = o.etag;
      std::transform(etag.begin(), etag.end(), etag.begin(), ::tolower);
      const std::string md5 = model::hex_digest(body, model::DigestKind::kMd5);
      if (md5 != etag) {
        r.findings.push_back("object " + o.key + ": its content's MD5 " + md5 +
                             " is not its ETag " + o.etag);
      }
    }
    log.detail = std::to_string(checked) + " of " + std::to_string(r.expected.size()) +
                 " objects read back, " + std::to_string(plain) + " checked against their MD5 ETag";
  });
}

void run_probes(S3Run& r) {
  r.run_probes([&](const ProbeSpec& p) -> std::string {
    try {
      return r.client->get_object(r.scratch_bucket, p.key);
    } catch (const S3Error& e) {
      if (e.code() == "NoSuchKey") return "(no such object)";
      return std::string("error: ") + e.what();
    }
  });
}

}  // namespace

std::string scratch_bucket_name(const std::string& run_id) {
  std::string name = "drsim-";
  for (char c : run_id) {
    const auto u = static_cast<unsigned char>(c);
    name += std::isalnum(u) ? static_cast<char>(std::tolower(u)) : '-';
  }
  if (name.size() > 63) name = name.substr(0, 63);
  while (!name.empty() && name.back() == '-') name.pop_back();
  return name;
}

std::unique_ptr<S3Client> S3Run::make_client() const {
  return std::make_unique<S3Client>(endpoint, access_key, secret_key,
                                    std::min(kMaxRequestTimeout, spec.default_timeout_s));
}

std::string S3Run::heartbeat_key() const {
  return spec.source.prefix + spec.heartbeat.key + "/" + run->id();
}

std::string S3Run::restored_how() const {
  return spec.method == Method::kVersions ? "object versions of " + spec.source.bucket + " copied"
                                          : "objects of the copy " + spec.backup.bucket + " copied";
}

void S3Run::cleanup() noexcept {
  cleanup_step([&](std::string& detail, std::vector<KeptLog>&) {
    std::unique_ptr<S3Client> c;
    try {
      c = make_client();
    } catch (const std::exception& e) {
      detail += std::string("no S3 client: ") + e.what() + "; ";
      return;
    }
    if (heartbeat) {
      heartbeat->stop();
      // Every version and delete marker of the heartbeat object: a versioned bucket keeps no
      // trace of the drill.
      try {
        int deleted = 0;
        for (const auto& v : c->list_versions(spec.source.bucket, heartbeat->key())) {
          if (v.key != heartbeat->key()) continue;
          c->delete_object(spec.source.bucket, v.key, v.version_id);
          ++deleted;
        }
        detail += "deleted the heartbeat object " + heartbeat->key() + " on the source (" +
                  std::to_string(deleted) + " versions); ";
      } catch (const std::exception& e) {
        detail += std::string("could not delete the heartbeat object: ") + e.what() + "; ";
      }
      heartbeat.reset();
    }
    if (!scratch_bucket.empty()) {
      try {
        int deleted = 0;
        for (const auto& v : c->list_versions(scratch_bucket, "")) {
          c->delete_object(scratch_bucket, v.key, v.version_id);
          ++deleted;
        }
        c->delete_bucket(scratch_bucket);
        detail += "deleted the scratch bucket " + scratch_bucket + " (" + std::to_string(deleted) +
                  " objects); ";
        scratch_bucket.clear();
      } catch (const std::exception& e) {
        detail += "could not delete the scratch bucket " + scratch_bucket + ": " + e.what() + "; ";
      }
    }
  });
}

void run_s3(S3Run& r, bool& past_preflight) {
  const auto& spec = r.spec;
  r.endpoint = {spec.source.address, spec.source.https, spec.source.region};
  r.access_key = read_password(spec.source.access_key, "the source (its access key)");
  r.secret_key = read_password(spec.source.password, "the source (its secret key)");
  preflight_s3(r);
  past_preflight = true;
  // The heartbeat writes with a client of its own (a client is for one thread).
  r.start_heartbeat(
      r.heartbeat_key(),
      [c = std::shared_ptr<S3Client>(), &r](const std::string& key,
                                            const std::string& value) mutable {
        if (!c) c = r.make_client();
        c->put_object(r.spec.source.bucket, key, value);
      },
      "PUT");
  r.declare_loss();
  list_objects(r);
  restore_objects(r);
  measure_rpo(r);
  verify_objects(r);
  run_probes(r);
}

}  // namespace drsim::drills
