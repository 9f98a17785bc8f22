// What one simulated scenario records per service while it runs (state, own timeline, path,
// RPO), the hardware-fault rule, and the scenario result built from those records: dependency
// effects, RTO, verdicts, impact and the one-line summaries. The executor (engine/sim) only
// fills the records in time; everything judged afterwards is here, SimGrid-free.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/planner.hpp"
#include "engine/core/timeline.hpp"
#include "model/model.hpp"
#include "model/outcome.hpp"

namespace drsim::engine {

struct ServiceRun {
  const model::Service* svc = nullptr;
  ServiceState state;
  std::vector<std::size_t> hw_order;  // instances lost by hardware faults, in order
  Timeline own;                       // capacity and data: up / degraded / down
  std::vector<PathStep> path;
  std::optional<double> rpo = 0.0;       // nullopt: no usable recovery point
  bool no_point = false;                 // a data recovery found no recovery point
  bool impaired = false;                 // own state not up
  bool logical = false;                  // logical damage being handled
  bool back = false;                     // came back by itself (an outage ended) while impaired
  bool recovering = false;               // a recovery procedure is running
  bool replacing = false;                // a background replacement is running
  double lost_at = 0;                    // seconds after t0 it went down
  std::vector<std::size_t> resyncing;    // out-of-sync replicas being resynced
  std::optional<double> no_spare_since;  // seconds after t0 its last hot spare was lost
  // Serving away from home with a failback due (failback.hpp), since this many seconds after t0.
  std::optional<double> away_since;
  bool failing_back = false;  // a failback is running
  // The last failback that finished: its downtime and, writes `discard`, the writes it lost.
  struct FailbackDone {
    double downtime_s = 0;
    std::optional<double> discarded_s;
  };
  std::optional<FailbackDone> failed_back;
  // Changed by this run: the executor changes a record only after setting this (executor.cpp
  // Records::touch()), so a run on reused buffers resets only these (RunBuffers::touched).
  bool touched = false;

  ServiceRun(const model::Model& m, std::size_t service, double horizon)
      : svc(&m.services.at(service)), state(initial_state(m, service)), own(horizon) {}
};

// One machine of the service lost (start) or given back (end): the last serving instance still
// running and the last copy of the data that is not the primary (the primary itself once it is
// the only copy left), so repeated hardware faults take the copies one by one and the primary
// last. The fault's end gives back the machine lost most recently.
void hardware_fault(ServiceRun& run, bool start);

// Appends to `out` the path steps that explain the effect of the dependencies of
// m.services[service], from the effective timelines of `m`'s services (model order):
// `depends` (down/degraded through a hard dependency), `ride_through` (a hard-dependency outage
// no longer than `tolerate`), `queue` / `drain` (work queued for a queued dependency while it
// is out, replayed once it is up again — one drain per outage, however its state changed).
void dependency_steps(const model::Model& m, std::size_t service,
                      const std::vector<Timeline>& effective, double horizon, ResultDetail detail,
                      std::vector<PathStep>& out);

// What a scenario is, for its result.
struct RunInfo {
  std::string id;
  model::DisruptionClass cls = model::DisruptionClass::kRegion;
  double t0_s = 0;
  double horizon_s = 0;
  std::vector<std::string> notes;    // e.g. "people work remotely"
  std::vector<FaultOutage> outages;  // how long each fault lasts, copied into the result
  ResultDetail detail = ResultDetail::kFull;
};

// The scenario result from every service's record (model order). A `failback` scenario judges
// the move back home instead of the incident: a service's RTO is its failback's downtime (0 when
// nothing had to move back), none while a failback is still due at the horizon or when it never
// recovered; its RPO is the writes the failback discarded.
// `out` is overwritten whole, each service field by field, so that its path and objective buffers
// keep their allocations (trials reuse one result; a test holds a reused result equal to a fresh
// one, tests/consistency).
void scenario_result(const model::Model& m, const RunInfo& info,
                     const std::vector<ServiceRun>& runs, ScenarioResult& out);

}  // namespace drsim::engine
