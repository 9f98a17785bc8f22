// The S3 target's drill files (located errors compared in full), its plan, and what drsim
// computes from bucket listings and S3's XML (s3_listing.hpp, s3_client.hpp).
#include <catch2/catch.hpp>

#include "drills/drill_spec.hpp"
#include "drills/runner.hpp"
#include "drills/s3_client.hpp"
#include "drills/s3_listing.hpp"
#include "drills/s3_run.hpp"
#include "tests/drills/spec_support.hpp"

using namespace drsim;

namespace {

drills::DrillSpec load(const std::string& yaml) { return test::load_spec(yaml, "s.yaml"); }

std::string errors_of(const std::string& yaml) { return test::spec_errors(yaml, "s.yaml"); }

const std::string kSource =
    "source:\n  endpoint: 10.0.0.9:8080\n  bucket: app-data\n  prefix: app/\n"
    "  access_key_env: S3_ACCESS\n  secret_key_file: /run/secrets/s3\n";
const std::string kVersions = "drill: objects\ntarget: s3\nmethod: versions\n" + kSource;
const std::string kCopy = "drill: objects\ntarget: s3\nmethod: copy\n" + kSource;

drills::S3Version version(const std::string& key, const std::string& id, double at,
                          bool marker = false) {
  return {key, id, marker ? "" : "etag-" + id, marker ? 0 : 10, at, marker};
}

}  // namespace

TEST_CASE("drills::load: an s3 drill gets the documented defaults", "[drills][s3]") {
  auto spec = load(kVersions);
  CHECK(spec.target == drills::Target::kS3);
  CHECK(spec.method == drills::Method::kVersions);
  CHECK(spec.source.address == "10.0.0.9:8080");
  CHECK(spec.source.region == "us-east-1");
  CHECK_FALSE(spec.source.https);
  CHECK(spec.source.bucket == "app-data");
  CHECK(spec.source.prefix == "app/");
  CHECK(spec.source.access_key.env == "S3_ACCESS");
  CHECK(spec.source.password.file == "/run/secrets/s3");
  CHECK(spec.recovery.target_time.empty());
  CHECK_FALSE(spec.heartbeat.enabled);
  CHECK(spec.heartbeat.key == "drsim-heartbeat");
  auto copy = load(kCopy +
                   "backup: {bucket: app-data-replica}\nheartbeat: {interval: 1 s}\nverify:\n"
                   "  probes:\n    - {name: v, key: app/config/version, expect: '42'}\n");
  CHECK(copy.method == drills::Method::kCopy);
  CHECK(copy.backup.bucket == "app-data-replica");
  CHECK(copy.backup.prefix == "app/");  // the source's, unless given
  CHECK(copy.heartbeat.enabled);
  REQUIRE(copy.verify.probes.size() == 1);
  CHECK(copy.verify.probes[0].key == "app/config/version");
  CHECK(load(kVersions + "recovery: {target_time: '2026-12-06 06:00:00'}\n").recovery.target_time ==
        "2026-12-06 06:00:00");
}

TEST_CASE("drills::load: s3 drill files are refused where they are wrong", "[drills][s3]") {
  CHECK(errors_of("drill: c\ntarget: s3\nmethod: rdb\n" + kSource) ==
        "s.yaml:3:9: error: /method: unknown s3 method 'rdb'\n"
        "  hint: allowed values: versions, copy\n");
  CHECK(errors_of("drill: c\ntarget: s3\nmethod: versions\nsource: {endpoint: 'h:80', bucket: "
                  "b1b, secret_key_env: S}\n") ==
        "s.yaml:4:9: error: /source: the source needs 'access_key_env' or 'access_key_file'\n"
        "  hint: name where drsim reads the access key, e.g. 'access_key_env: S3_ACCESS_KEY'; "
        "credentials never go into the drill file\n");
  CHECK(errors_of("drill: c\ntarget: s3\nmethod: versions\nsource: {endpoint: 'h:80', bucket: "
                  "b1b, access_key_env: A, secret_key_env: S, secret_key_file: /s}\n") ==
        "s.yaml:4:96: error: /source/secret_key_file: give either 'secret_key_env' or "
        "'secret_key_file', not both\n"
        "  hint: remove one of them\n");
  CHECK(errors_of("drill: c\ntarget: s3\nmethod: versions\nsource: {endpoint: 'key:secret@h:80', "
                  "bucket: Data_1, access_key_env: A, secret_key_env: S}\n") ==
        "s.yaml:4:20: error: /source/endpoint: address 'key:secret@h:80' is not host:port\n"
        "  hint: write e.g. '10.0.0.5:6379'; a password goes in 'password_env' or "
        "'password_file'\n"
        "s.yaml:4:47: error: /source/bucket: bucket name 'Data_1' is not a valid S3 bucket name\n"
        "  hint: use 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a "
        "letter or digit\n");
  CHECK(errors_of(kVersions + "backup: {bucket: other}\n") ==
        "s.yaml:10:9: error: /backup: method versions restores from the source bucket's "
        "versions\n"
        "  hint: remove 'backup', or use 'method: copy' to restore from a secondary bucket\n");
  CHECK(errors_of(kCopy) ==
        "s.yaml:1:1: error: /: method copy restores from a secondary bucket: 'backup' is missing\n"
        "  hint: add e.g. 'backup: {bucket: app-data-replica}'\n");
  CHECK(errors_of(kCopy + "backup: {bucket: app-data}\n") ==
        "s.yaml:10:9: error: /backup: the secondary copy is the source itself\n"
        "  hint: name the bucket (or prefix) that holds the copy\n");
  CHECK(errors_of(kCopy + "backup: {bucket: r-1, prefix: ' x'}\n") ==
        "s.yaml:10:31: error: /backup/prefix: prefix ' x' is not a plain object key\n"
        "  hint: use letters, digits and - _ . ~ / only, not starting with '/', e.g. 'app/'\n");
  CHECK(errors_of(kCopy +
                  "backup: {bucket: r-1}\nrecovery: {target_time: '2026-12-06 06:00:00'}\n") ==
        "s.yaml:11:25: error: /recovery/target_time: method copy restores the secondary bucket as "
        "it is\n"
        "  hint: remove 'target_time', or use 'method: versions' to restore to a time\n");
  CHECK(errors_of(kVersions + "recovery: {target_time: '2026-12-06 06:00:00'}\nheartbeat: {}\n") ==
        "s.yaml:1:1: error: /: a heartbeat measures the data lost at the declared loss, not at a "
        "target time\n"
        "  hint: remove 'heartbeat' (the RPO is then the target time's age at the loss), or "
        "'recovery.target_time'\n");
  CHECK(errors_of(kVersions + "recovery: {target_time: yesterday}\n") ==
        "s.yaml:10:25: error: /recovery/target_time: target time 'yesterday' is not "
        "'YYYY-MM-DD HH:MM:SS'\n"
        "  hint: write the time in UTC, e.g. '2026-11-22 03:00:00'\n");
  CHECK(
      errors_of(kVersions + "verify:\n  probes:\n    - {name: v, key: /etc/passwd, expect: x}\n") ==
      "s.yaml:12:22: error: /verify/probes/0/key: key '/etc/passwd' is not a plain object key\n"
      "  hint: use letters, digits and - _ . ~ / only, not starting with '/', e.g. 'app/'\n");
  CHECK(errors_of(kVersions + "timeouts: {copy_base: 1 min}\n").find("unknown step 'copy_base'") !=
        std::string::npos);
}

TEST_CASE("drills::plan: an s3 drill's steps", "[drills][s3]") {
  auto plan = drills::plan_drill(load(kVersions + "heartbeat: {}\n"));
  CHECK(plan.find("drill objects (method versions, target objects)\n"
                  "source: http://10.0.0.9:8080/app-data/app/ (region us-east-1, access key from "
                  "environment variable S3_ACCESS (never printed))\n"
                  "password: from file /run/secrets/s3 (never printed)\n") == 0);
  CHECK(plan.find("  2. heartbeat (timeout 10 min): PUT app/drsim-heartbeat/<run> in app-data "
                  "every 100 ms") != std::string::npos);
  CHECK(plan.find("  4. list (timeout 10 min): ListObjectVersions of app-data/app/: per key the "
                  "newest version at the declared loss") != std::string::npos);
}

TEST_CASE("drills::objects_at: per key the newest version at a time", "[drills][s3]") {
  // ListObjectVersions order: keys ascending, each key's versions newest first.
  const std::vector<drills::S3Version> listing{
      version("a", "a3", 300),       version("a", "a2", 200), version("a", "a1", 100),
      version("b", "bm", 250, true), version("b", "b1", 150), version("c", "c1", 400),
      version("d", "dm", 180, true), version("d", "d1", 50)};
  auto at = [&](double t) {
    std::string out;
    for (const auto& o : drills::objects_at(listing, t)) out += o.key + "=" + o.version_id + " ";
    return out;
  };
  CHECK(at(50) == "d=d1 ");
  CHECK(at(200) == "a=a2 b=b1 ");  // a: same second counts; d deleted at 180
  CHECK(at(260) == "a=a2 ");       // b deleted at 250
  CHECK(at(1000) == "a=a3 c=c1 ");
  CHECK(at(10).empty());
}

TEST_CASE("drills::compare_listings: keys, sizes and ETags", "[drills][s3]") {
  const std::vector<drills::S3Object> want{
      {"a", "e1", "", 1, 0}, {"b", "e2", "", 2, 0}, {"c", "e3", "", 3, 0}};
  CHECK(drills::compare_listings(want, want).empty());
  const std::vector<drills::S3Object> got{
      {"a", "e1", "", 1, 0}, {"c", "ex", "", 3, 0}, {"d", "e4", "", 4, 0}};
  const auto d = drills::compare_listings(want, got);
  CHECK(d.summary() ==
        "1 missing (b), 1 unexpected (d), 1 different (c: 3 bytes/e3 expected, 3 bytes/ex found)");
  CHECK(drills::with_prefix(want, "", "app/")[0].key == "app/a");
  CHECK(drills::plain_md5_etag("1b267619c4812cc46ee281747884ca50"));
  CHECK_FALSE(drills::plain_md5_etag("1b267619c4812cc46ee281747884ca50-2"));
}

TEST_CASE("drills::parse_s3_time and parse_utc_time", "[drills][s3]") {
  CHECK(drills::parse_s3_time("2026-12-06T06:44:27.000Z") == Approx(1796539467.0));
  CHECK(drills::parse_s3_time("2026-12-06T06:44:27.500Z") == Approx(1796539467.5));
  CHECK(drills::parse_utc_time("2026-12-06 06:44:27") == Approx(1796539467.0));
  CHECK_FALSE(drills::parse_s3_time("2026-12-06 06:44:27"));
  CHECK_FALSE(drills::parse_utc_time("yesterday"));
}

TEST_CASE("drills::parse_versions_page and friends read S3's XML", "[drills][s3]") {
  const auto page = drills::parse_versions_page(
      "<?xml version='1.0' encoding='UTF-8'?>\n<ListVersionsResult "
      "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>src</Name>"
      "<IsTruncated>true</IsTruncated><NextKeyMarker>a</NextKeyMarker>"
      "<NextVersionIdMarker>v1</NextVersionIdMarker>"
      "<DeleteMarker><Key>a</Key><VersionId>v3</VersionId>"
      "<LastModified>2026-12-06T06:44:27.000Z</LastModified></DeleteMarker>"
      "<Version><Key>a</Key><VersionId>v2</VersionId><LastModified>2026-12-06T06:44:26.000Z"
      "</LastModified><ETag>\"1b267619c4812cc46ee281747884ca50\"</ETag><Size>2</Size></Version>"
      "</ListVersionsResult>");
  REQUIRE(page);
  CHECK(page->truncated);
  CHECK(page->next_key_marker == "a");
  CHECK(page->next_version_id_marker == "v1");
  REQUIRE(page->versions.size() == 2);
  CHECK(page->versions[0].delete_marker);
  CHECK(page->versions[1].etag == "1b267619c4812cc46ee281747884ca50");
  CHECK(page->versions[1].size == 2);
  CHECK_FALSE(drills::parse_versions_page("<ListBucketResult/>"));
  CHECK_FALSE(drills::parse_versions_page("not xml"));
  const auto objects = drills::parse_objects_page(
      "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>k</Key>"
      "<LastModified>2026-12-06T06:44:26.000Z</LastModified><ETag>\"e\"</ETag><Size>7</Size>"
      "</Contents></ListBucketResult>");
  REQUIRE(objects);
  REQUIRE(objects->objects.size() == 1);
  CHECK(objects->objects[0].size == 7);
  const auto error = drills::parse_error_body(
      "<?xml version='1.0'?><Error><Code>NoSuchKey</Code><Message>The specified key does not "
      "exist.</Message></Error>");
  REQUIRE(error);
  CHECK(error->code == "NoSuchKey");
  CHECK(drills::s3_uri_encode("a b/c+d", true) == "a%20b/c%2Bd");
  CHECK(drills::s3_uri_encode("a/b", false) == "a%2Fb");
}

TEST_CASE("drills::scratch_bucket_name is a valid bucket name", "[drills][s3]") {
  CHECK(drills::scratch_bucket_name("Objects_Drill-aB12cd") == "drsim-objects-drill-ab12cd");
  CHECK(drills::scratch_bucket_name(std::string(80, 'x') + "-").size() == 63);
}
