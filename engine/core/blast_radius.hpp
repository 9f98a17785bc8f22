// Blast radius: what one failure (a zone, region, vendor, office, or one service) takes with it,
// without simulating. Whether a service keeps serving and what brings it back is the recovery
// planner's answer (planner.hpp), the same one `simulate` executes: a service the planner says
// does not serve is hit directly, with the procedure and its RTO lower bound. Hard dependencies
// carry an outage to their dependants unless the outage provably ends within the dependency's
// `tolerate` (ridden through); queued ones degrade their dependants, or take them down once the
// outage provably outlasts the buffer. Data sets are checked for a surviving copy (a live
// replica outside the failed domain, or a backup in a store outside it).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/planner.hpp"
#include "model/graph.hpp"
#include "model/model.hpp"

namespace drsim::engine {

// Blast radius speaks the model's vocabulary.
using model::BackupKind;
using model::DependencyMode;
using model::EstateGraph;
using model::Model;
using model::ReplicaRole;
using model::ReplicationMode;

enum class FailureKind { kZone, kDatacenter, kRegion, kVendor, kOffice, kDependency };

// One failure as given on the command line: `az:apse2-az1`, `dependency:payments`, ...
struct Failure {
  FailureKind kind = FailureKind::kZone;
  std::string id;
  std::string text;  // as written, for messages and reports
};

// Parses CLASS:ID against `model`. Throws InputError located at the command line ("<command
// line>: error: --fail: ...", exit 2) when the text is not CLASS:ID with a known class, or when
// ID is not a domain of that level (or, for dependency:, not a service) in the model, with a
// did-you-mean hint.
Failure parse_failure(const std::string& text, const Model& model);

// A service that loses instances: hit directly if fewer than min_healthy are left.
struct InstanceLoss {
  std::string service;
  int instances = 0;  // serving in normal operation: placement plus an active standby
  int lost = 0;       // of those
  int min_healthy = 0;
  int standby_lost = 0;              // passive standby instances lost
  int standby_left = 0;              // passive standby instances that survive to take over
  std::vector<std::string> lost_in;  // domains of every lost instance, sorted, unique
  std::string reason;                // why it is down when not by instance count ("" otherwise)
  // Hit directly: what the planner brings it back with, and the RTO lower bound (none: it waits
  // for the outage to end or cannot be recovered).
  Procedure procedure = Procedure::kNone;
  std::optional<double> rto_lower_s;
};

// One hop of the chain that explains an indirect outage: `service` depends on the next hop.
struct ChainStep {
  std::string service;
  DependencyMode mode = DependencyMode::kHard;
  double buffer = 0;  // seconds, queued hops only; 0 = unbounded
};

// A service down or degraded through its dependencies; `chain` runs from the service's first
// dependency to `root`, a service that is hit directly.
struct IndirectImpact {
  std::string service;
  std::vector<ChainStep> chain;
  std::string root;
};

// Replica i of a data set, where it is and its role.
struct ReplicaRef {
  std::string zone;
  ReplicaRole role = ReplicaRole::kStandby;
  ReplicationMode mode = ReplicationMode::kAsync;
};

// A backup whose copy in `store` survives the failure.
struct BackupRef {
  std::string backup;
  BackupKind kind = BackupKind::kSnapshot;
  std::string store;
};

struct DataImpact {
  std::string service;
  std::vector<ReplicaRef> replicas_lost;
  std::vector<ReplicaRef> replicas_kept;
  std::vector<BackupRef> backups_kept;  // copies in stores outside the failed domain
};

// Where the on-call people stand after an office failure.
struct PeopleImpact {
  bool office_lost = false;  // the failed office is one the team works from
  bool remote_work = true;
  bool can_work = true;
};

// A service whose rebuild from infrastructure-as-code needs services that are down.
struct BlockedRebuild {
  std::string service;
  std::vector<std::string> needs_down;  // in the order of recovery.rebuild.needs
};

// A dependant that rides through a hard dependency's outage by retrying (`tolerate`).
struct RideThrough {
  std::string service;
  std::string dependency;
  double outage_s = 0;  // the dependency's outage (exact: automatic, fixed-time procedures)
  double tolerate_s = 0;
};

struct BlastRadius {
  Failure failure;
  std::string model;
  std::vector<std::string> failed_domains;  // the failed domain, then what it holds, tree order
  std::vector<std::string> stores_lost;
  std::vector<InstanceLoss> hit_directly;      // below min_healthy: down
  std::vector<InstanceLoss> reduced_capacity;  // lost instances but still at min_healthy
  std::vector<IndirectImpact> down;  // via hard dependencies (or overflowing queues), transitively
  std::vector<RideThrough> ridden_through;      // short hard-dependency outages ridden through
  std::vector<IndirectImpact> degraded;         // via a queued dependency (then hard ones)
  std::vector<DataImpact> last_copy_lost;       // no replica and no backup survive
  std::vector<DataImpact> copy_kept;            // lost replicas, but something survives
  std::vector<BlockedRebuild> rebuild_blocked;  // rebuilds needing a code host, CI... that is down
  PeopleImpact people;
};

// Computes the blast radius of `failure` on the graph's model. Every list is sorted by service
// (or domain/store) id so output is stable.
BlastRadius blast_radius(const EstateGraph& graph, const Failure& failure);

// The report an architect reads: one section per list, "none" for empty ones.
std::string to_text(const BlastRadius& radius);
// The same as JSON (object with "format": "drsim-blast-radius", "version": 1).
nlohmann::ordered_json to_json(const BlastRadius& radius);

const char* to_string(FailureKind kind);

}  // namespace drsim::engine
