// What an S3 drill computes from bucket listings alone (docs/drill-format.md "S3 object store"):
// the objects of a versioned bucket as they were at a time, a listing compared with the one
// expected, and whether an ETag is the plain MD5 of an object's content. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace drsim::drills {

// One entry of ListObjectVersions: an object version or a delete marker.
struct S3Version {
  std::string key;
  std::string version_id;
  std::string etag;  // without quotes; "" for a delete marker
  long long size = 0;
  double modified = 0;  // LastModified, Unix seconds
  bool delete_marker = false;
};

// An object to restore or found in a bucket (ListObjectsV2, or a version chosen at a time).
struct S3Object {
  std::string key;
  std::string etag;        // without quotes
  std::string version_id;  // the version to copy ("" = the current object)
  long long size = 0;
  double modified = 0;
};

// "2026-12-06T06:44:27.000Z" (S3's LastModified) as Unix seconds; nullopt if not that form.
std::optional<double> parse_s3_time(const std::string& text);
// "2026-12-06 06:44:27" (a drill's target time, UTC) as Unix seconds; nullopt if not that form.
std::optional<double> parse_utc_time(const std::string& text);

// Per key, the newest version with LastModified <= `at` (a delete marker there: the key is
// absent), in key order. `listing` is in ListObjectVersions order: keys ascending, each key's
// versions newest first.
std::vector<S3Object> objects_at(const std::vector<S3Version>& listing, double at);

// How one listing differs from another, by key: keys only in the expected one, only in the
// found one, and in both with another size or ETag ("key: size/etag expected, size/etag found").
struct ListingDiff {
  std::vector<std::string> missing, unexpected, different;
  bool empty() const { return missing.empty() && unexpected.empty() && different.empty(); }
  // "2 missing (a, b), 1 different (c: ...)": at most `shown` keys of each kind are named.
  std::string summary(std::size_t shown = 3) const;
};
ListingDiff compare_listings(const std::vector<S3Object>& expected,
                             const std::vector<S3Object>& found);

// `objects` with `from` replaced by `to` at the start of every key (a copy's prefix for the
// source's).
std::vector<S3Object> with_prefix(std::vector<S3Object> objects, const std::string& from,
                                  const std::string& to);

// True if `etag` is a plain MD5 (32 hex digits): not a multipart or encrypted object's.
bool plain_md5_etag(const std::string& etag);

}  // namespace drsim::drills
