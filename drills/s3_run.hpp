// The S3 target (docs/drill-format.md "S3 object store"): method `versions` restores a bucket
// (or a prefix) as it was at a time from the source bucket's object versions — per key the
// newest version at that time, a delete marker meaning the key is absent —, method `copy` from a
// secondary bucket (a replication or backup copy). Either way the restore is a server-side
// CopyObject of every chosen object into a scratch bucket drsim creates on the same endpoint
// (never into the source), measured to a bucket that is fully populated and accepts a write
// (RTO), with the data lost (RPO: the opt-in heartbeat object, else the restore point's age);
// the scratch bucket's listing must equal the chosen objects exactly, restored objects' content
// must match their MD5 ETags, and the probes their expected content. Cleanup always deletes the
// heartbeat object's every version on the source and the scratch bucket with everything in it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "drills/key_value_run.hpp"
#include "drills/s3_client.hpp"
#include "drills/s3_listing.hpp"

namespace drsim::drills {

struct S3Run : KeyValueRun {
  using KeyValueRun::KeyValueRun;
  ~S3Run() override { cleanup(); }

  S3Endpoint endpoint;
  std::string access_key, secret_key;
  std::unique_ptr<S3Client> client;
  std::string scratch_bucket;  // "" until drsim created it
  // The objects to restore (keys as in the source) and where each is copied from.
  std::vector<S3Object> expected;
  std::vector<std::string> copy_from_keys;
  std::string copy_from_bucket;
  std::optional<double> restore_point;  // versions: the time restored; copy: its newest object

  // A client of the store with the drill's credentials and per-request timeout.
  std::unique_ptr<S3Client> make_client() const;
  std::string heartbeat_key() const;

  std::string restored_how() const override;
  std::string restored_into() const override { return "a scratch bucket"; }
  void cleanup() noexcept override;
};

// A bucket name for run `run_id`: "drsim-<run id>" lowercased, other characters than letters,
// digits and '-' made '-', at most 63 characters, ending with a letter or digit.
std::string scratch_bucket_name(const std::string& run_id);

// The steps of an S3 drill for the runner (runner.cpp); sets `past_preflight` once preflight
// passed.
void run_s3(S3Run& r, bool& past_preflight);

}  // namespace drsim::drills
