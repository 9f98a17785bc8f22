// A small S3 client for the S3 drill target (s3_run.hpp): path-style requests over libcurl,
// signed with AWS Signature Version 4 (CURLOPT_AWS_SIGV4), each with connect and transfer
// timeouts; answers in XML read with libxml2. The secret key goes only to libcurl: never into a
// message, a URL, an argv or an environment. Not thread-safe: one client per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drills/s3_listing.hpp"
#include "model/errors.hpp"

namespace drsim::drills {

// The store refused a request or could not be reached: an environment error carrying S3's error
// Code (e.g. "SignatureDoesNotMatch", "NoSuchBucket"; "" when there was no answer) and the HTTP
// status (0 when there was no answer).
class S3Error : public EnvironmentError {
 public:
  S3Error(const std::string& message, std::string code, long status, std::string hint = {})
      : EnvironmentError(message, std::move(hint)), code_(std::move(code)), status_(status) {}
  const std::string& code() const { return code_; }
  long status() const { return status_; }

 private:
  std::string code_;
  long status_;
};

struct S3Endpoint {
  std::string address;  // host:port
  bool tls = false;
  std::string region = "us-east-1";
};

// A page of ListObjectVersions, ListObjectsV2 or an S3 error, as parsed from its XML; nullopt if
// the text is not that XML.
struct S3VersionsPage {
  std::vector<S3Version> versions;  // in document order: each key's versions newest first
  bool truncated = false;
  std::string next_key_marker, next_version_id_marker;
};
std::optional<S3VersionsPage> parse_versions_page(const std::string& xml);
struct S3ObjectsPage {
  std::vector<S3Object> objects;
  bool truncated = false;
  std::string next_continuation_token;
};
std::optional<S3ObjectsPage> parse_objects_page(const std::string& xml);
struct S3ErrorBody {
  std::string code, message;
};
std::optional<S3ErrorBody> parse_error_body(const std::string& xml);

// `text` percent-encoded as SigV4 wants it: unreserved characters kept, and '/' too when
// `keep_slash` (a path); uppercase hex.
std::string s3_uri_encode(const std::string& text, bool keep_slash);

class S3Client {
 public:
  S3Client(S3Endpoint endpoint, const std::string& access_key, const std::string& secret_key,
           double timeout_s);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  // Every version and delete marker under `prefix`, all pages.
  std::vector<S3Version> list_versions(const std::string& bucket, const std::string& prefix);
  // The current objects under `prefix`, all pages.
  std::vector<S3Object> list_objects(const std::string& bucket, const std::string& prefix);
  // "Enabled", "Suspended" or "" (never enabled).
  std::string versioning(const std::string& bucket);
  // PUT; returns the new version's id ("" in an unversioned bucket).
  std::string put_object(const std::string& bucket, const std::string& key,
                         const std::string& body);
  std::string get_object(const std::string& bucket, const std::string& key,
                         const std::string& version_id = {});
  void delete_object(const std::string& bucket, const std::string& key,
                     const std::string& version_id = {});
  // Server-side CopyObject of `key` (at `version_id`, "" = current) into `to_bucket`/`to_key`.
  void copy_object(const std::string& from_bucket, const std::string& key,
                   const std::string& version_id, const std::string& to_bucket,
                   const std::string& to_key);
  void create_bucket(const std::string& bucket);
  void delete_bucket(const std::string& bucket);
  // What the client talks to, for messages: "http://127.0.0.1:8080".
  std::string url() const;

 private:
  struct Response {
    long status = 0;
    std::string body;
    std::string version_id;  // x-amz-version-id
  };
  // One signed request; `query` already encoded and sorted ("versions=&prefix=a"). Throws
  // S3Error unless the status is 2xx.
  Response request(const std::string& method, const std::string& bucket, const std::string& key,
                   const std::string& query, const std::string& body = {},
                   const std::vector<std::string>& headers = {});

  S3Endpoint endpoint_;
  std::string access_key_, secret_key_;
  double timeout_s_;
  void* curl_;  // CURL*
};

}  // namespace drsim::drills
