#include "drills/s3_client.hpp"

#include <curl/curl.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <strings.h>

#include <cmath>
#include <cstdio>
#include <mutex>

#include "model/digest.hpp"

namespace drsim::drills {
namespace {

// A parsed XML document, freed on scope exit.
struct XmlDoc {
  explicit XmlDoc(const std::string& text)
      : doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "s3.xml", nullptr,
                          XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) {}
  ~XmlDoc() {
    if (doc) xmlFreeDoc(doc);
  }
  XmlDoc(const XmlDoc&) = delete;
  XmlDoc& operator=(const XmlDoc&) = delete;
  xmlNode* root() const { return doc ? xmlDocGetRootElement(doc) : nullptr; }
  xmlDoc* doc;
};

bool named(const xmlNode* n, const char* name) {
  return n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0;
}

std::string text_of(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string out = c ? reinterpret_cast<const char*>(c) : "";
  if (c) xmlFree(c);
  return out;
}

// The text of child element `name` of `n` ("" if none).
std::string child_text(const xmlNode* n, const char* name) {
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (named(c, name)) return text_of(c);
  }
  return "";
}

std::string unquote(std::string etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

long long to_size(const std::string& s) {
  try {
    return std::stoll(s);
  } catch (const std::exception&) {
    return -1;
  }
}

std::size_t append_body(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

std::size_t read_header(char* data, std::size_t size, std::size_t n, void* out) {
  const std::string line(data, size * n);
  const std::string name = "x-amz-version-id:";
  if (line.size() > name.size() && strncasecmp(line.c_str(), name.c_str(), name.size()) == 0) {
    std::string v = line.substr(name.size());
    while (!v.empty() && (v.front() == ' ')) v.erase(0, 1);
    while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
    *static_cast<std::string*>(out) = v;
  }
  return size * n;
}

}  // namespace

std::optional<S3VersionsPage> parse_versions_page(const std::string& xml) {
  XmlDoc doc(xml);
  const xmlNode* root = doc.root();
  if (!root || !named(root, "ListVersionsResult")) return std::nullopt;
  S3VersionsPage page;
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (named(c, "Version") || named(c, "DeleteMarker")) {
      S3Version v;
      v.key = child_text(c, "Key");
      v.version_id = child_text(c, "VersionId");
      v.delete_marker = named(c, "DeleteMarker");
      v.etag = unquote(child_text(c, "ETag"));
      v.size = v.delete_marker ? 0 : to_size(child_text(c, "Size"));
      v.modified = parse_s3_time(child_text(c, "LastModified")).value_or(NAN);
      if (v.key.empty() || std::isnan(v.modified) || v.size < 0) return std::nullopt;
      page.versions.push_back(std::move(v));
    } else if (named(c, "IsTruncated")) {
      page.truncated = text_of(c) == "true";
    } else if (named(c, "NextKeyMarker")) {
      page.next_key_marker = text_of(c);
    } else if (named(c, "NextVersionIdMarker")) {
      page.next_version_id_marker = text_of(c);
    }
  }
  return page;
}

std::optional<S3ObjectsPage> parse_objects_page(const std::string& xml) {
  XmlDoc doc(xml);
  const xmlNode* root = doc.root();
  if (!root || !named(root, "ListBucketResult")) return std::nullopt;
  S3ObjectsPage page;
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (named(c, "Contents")) {
      S3Object o;
      o.key = child_text(c, "Key");
      o.etag = unquote(child_text(c, "ETag"));
      o.size = to_size(child_text(c, "Size"));
      o.modified = parse_s3_time(child_text(c, "LastModified")).value_or(NAN);
      if (o.key.empty() || std::isnan(o.modified) || o.size < 0) return std::nullopt;
      page.objects.push_back(std::move(o));
    } else if (named(c, "IsTruncated")) {
      page.truncated = text_of(c) == "true";
    } else if (named(c, "NextContinuationToken")) {
      page.next_continuation_token = text_of(c);
    }
  }
  return page;
}

std::optional<S3ErrorBody> parse_error_body(const std::string& xml) {
  XmlDoc doc(xml);
  const xmlNode* root = doc.root();
  if (!root || !named(root, "Error")) return std::nullopt;
  return S3ErrorBody{child_text(root, "Code"), child_text(root, "Message")};
}

std::string s3_uri_encode(const std::string& text, bool keep_slash) {
  std::string out;
  char buf[4];
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' ||
        (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

S3Client::S3Client(S3Endpoint endpoint, const std::string& access_key,
                   const std::string& secret_key, double timeout_s)
    : endpoint_(std::move(endpoint)),
      access_key_(access_key),
      secret_key_(secret_key),
      timeout_s_(timeout_s),
      curl_(nullptr) {
  static std::once_flag once;
  std::call_once(once, [] {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    xmlInitParser();
  });
  curl_ = curl_easy_init();
  if (!curl_) throw S3Error("cannot initialise libcurl", "", 0);
}

S3Client::~S3Client() {
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

std::string S3Client::url() const {
  return std::string(endpoint_.tls ? "https://" : "http://") + endpoint_.address;
}

S3Client::Response S3Client::request(const std::string& method, const std::string& bucket,
                                     const std::string& key, const std::string& query,
                                     const std::string& body,
                                     const std::vector<std::string>& headers) {
  CURL* c = static_cast<CURL*>(curl_);
  curl_easy_reset(c);
  std::string target = url() + "/" + bucket;
  if (!key.empty()) target += "/" + s3_uri_encode(key, true);
  if (!query.empty()) target += "?" + query;
  const std::string what =
      method + " " + bucket + (key.empty() ? "" : "/" + key) + (query.empty() ? "" : "?" + query);
  Response r;
  curl_slist* list = nullptr;
  const std::string sha =
      "x-amz-content-sha256: " + model::hex_digest(body, model::DigestKind::kSha256);
  list = curl_slist_append(list, sha.c_str());
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  const std::string sigv4 = "aws:amz:" + endpoint_.region + ":s3";
  const long timeout_ms = static_cast<long>(timeout_s_ * 1000);
  curl_easy_setopt(c, CURLOPT_URL, target.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, endpoint_.tls ? "https" : "http");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_AWS_SIGV4, sigv4.c_str());
  // The access key holds a colon on some stores (Swift's "account:user"): never "user:pass".
  curl_easy_setopt(c, CURLOPT_USERNAME, access_key_.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, secret_key_.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 10000L));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, append_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, read_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.version_id);
  if (method == "PUT") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  const CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(list);
  if (rc != CURLE_OK) {
    throw S3Error(
        "cannot reach the S3 endpoint " + url() + " (" + what + "): " + curl_easy_strerror(rc), "",
        0, "check the endpoint, that the store runs, and 'tls'");
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  if (r.status >= 200 && r.status < 300) return r;
  const auto err = parse_error_body(r.body);
  std::string code = err ? err->code : "";
  std::string message = err ? err->message : "";
  if (code.empty()) code = "HTTP " + std::to_string(r.status);
  std::string hint;
  if (code == "SignatureDoesNotMatch" || code == "InvalidAccessKeyId" || code == "AccessDenied") {
    hint =
        "check the access key and secret key (access_key_env/_file, secret_key_env/_file), "
        "the region, and what the key may do";
  } else if (code == "NoSuchBucket") {
    hint = "check the bucket's name";
  }
  throw S3Error("S3 " + what + " at " + url() + " failed: " + code +
                    (message.empty() ? "" : " (" + message + ")"),
                code, r.status, hint);
}

std::vector<S3Version> S3Client::list_versions(const std::string& bucket,
                                               const std::string& prefix) {
  std::vector<S3Version> out;
  std::string key_marker, version_marker;
  while (true) {
    // Query parameters in the canonical (sorted) order SigV4 signs them in.
    std::string query;
    if (!key_marker.empty()) query += "key-marker=" + s3_uri_encode(key_marker, false) + "&";
    if (!prefix.empty()) query += "prefix=" + s3_uri_encode(prefix, false) + "&";
    if (!version_marker.empty()) {
      query += "version-id-marker=" + s3_uri_encode(version_marker, false) + "&";
    }
    query += "versions=";
    const auto r = request("GET", bucket, "", query);
    auto page = parse_versions_page(r.body);
    if (!page) throw S3Error("the version listing of " + bucket + " is not S3's XML", "", r.status);
    out.insert(out.end(), page->versions.begin(), page->versions.end());
    if (!page->truncated) return out;
    if (page->next_key_marker.empty()) {
      throw S3Error("the version listing of " + bucket + " is truncated without a marker", "",
                    r.status);
    }
    key_marker = page->next_key_marker;
    version_marker = page->next_version_id_marker;
  }
}

std::vector<S3Object> S3Client::list_objects(const std::string& bucket, const std::string& prefix) {
  std::vector<S3Object> out;
  std::string token;
  while (true) {
    std::string query;
    if (!token.empty()) query += "continuation-token=" + s3_uri_encode(token, false) + "&";
    query += "list-type=2";
    if (!prefix.empty()) query += "&prefix=" + s3_uri_encode(prefix, false);
    const auto r = request("GET", bucket, "", query);
    auto page = parse_objects_page(r.body);
    if (!page) throw S3Error("the object listing of " + bucket + " is not S3's XML", "", r.status);
    out.insert(out.end(), page->objects.begin(), page->objects.end());
    if (!page->truncated) return out;
    if (page->next_continuation_token.empty()) {
      throw S3Error("the object listing of " + bucket + " is truncated without a token", "",
                    r.status);
    }
    token = page->next_continuation_token;
  }
}

std::string S3Client::versioning(const std::string& bucket) {
  const auto r = request("GET", bucket, "", "versioning=");
  XmlDoc doc(r.body);
  const xmlNode* root = doc.root();
  return root ? child_text(root, "Status") : "";
}

std::string S3Client::put_object(const std::string& bucket, const std::string& key,
                                 const std::string& body) {
  return request("PUT", bucket, key, "", body, {"Content-Type: application/octet-stream"})
      .version_id;
}

std::string S3Client::get_object(const std::string& bucket, const std::string& key,
                                 const std::string& version_id) {
  return request("GET", bucket, key,
                 version_id.empty() ? "" : "versionId=" + s3_uri_encode(version_id, false))
      .body;
}

void S3Client::delete_object(const std::string& bucket, const std::string& key,
                             const std::string& version_id) {
  request("DELETE", bucket, key,
          version_id.empty() ? "" : "versionId=" + s3_uri_encode(version_id, false));
}

void S3Client::copy_object(const std::string& from_bucket, const std::string& key,
                           const std::string& version_id, const std::string& to_bucket,
                           const std::string& to_key) {
  std::string source = "x-amz-copy-source: /" + from_bucket + "/" + s3_uri_encode(key, true);
  if (!version_id.empty()) source += "?versionId=" + s3_uri_encode(version_id, false);
  const auto r = request("PUT", to_bucket, to_key, "", "", {source});
  // A copy can fail after its 200 status line: the error is then the body.
  if (const auto err = parse_error_body(r.body)) {
    throw S3Error("S3 copy of " + from_bucket + "/" + key + " failed: " + err->code +
                      (err->message.empty() ? "" : " (" + err->message + ")"),
                  err->code, r.status);
  }
}

void S3Client::create_bucket(const std::string& bucket) { request("PUT", bucket, "", ""); }

void S3Client::delete_bucket(const std::string& bucket) { request("DELETE", bucket, "", ""); }

}  // namespace drsim::drills
