// Analytic bounds behind `drsim analyze`: per data set, the worst-case and mean RPO for the loss
// of the primary's zone, region and vendor, and for logical corruption found after a delay, plus
// RTO lower bounds from the recovery procedures — instantly, without simulating.
//
// RPO bounds do not restate the RPO rule: they evaluate achieved_rpo() (recovery_points.hpp)
// over every fault time in one schedule period (the least common multiple of the backup
// periods, at most 30 days) in steady state. Between two events (a run arriving at or expiring
// from a location, or falling out of a log archive's reach) the achieved RPO is linear in the
// fault time, so evaluating it 1 ms inside both ends of each interval and extrapolating gives
// the exact supremum (worst case; the value approached just before a copy lands, e.g.
// 24 h 20 min in worked case 1) and the exact time average (mean) over the period. Log archives
// and object versions written more often than once a minute are treated as continuous, so
// their bounds are exact to within that interval.
//
// RTO lower bounds add the fixed durations of the cheapest procedure that can bring the service
// back, ignoring queueing, shared links and dependencies (the simulator adds those):
//  * nothing lost that the service needs:            0
//  * stateless, enough capacity left elsewhere:      0
//  * stateless, auto replacement in a live zone:     detection + replace_time
//  * rebuild from IaC (its recovery site, or any live zone if none is named, and the external
//    services it needs are up):   detection + page + response + decision + rebuild + DNS
//  * automatic failover to a surviving replica:      detection + promotion + DNS
//  * manual failover:                 detection + page + response + decision + promotion + DNS
//  * restore from the recovery point achieved_rpo() picks (a person starts it):
//    detection + page + response + decision + retrieval delay + bytes / bandwidth + overhead +
//    replay bytes / replay rate + DNS, where bandwidth is the smaller of the store's bandwidth
//    and the link from the store's domain to the recovery site (explicit link, else the model's
//    default for the smallest domain both share).
//  For corruption the detection term is the detection delay instead of the health check.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/recovery_points.hpp"
#include "model/model.hpp"

namespace drsim::engine {

// One named step of an RTO lower bound, in seconds.
struct RtoTerm {
  std::string step;  // "detect", "page", "respond", "decide", "promote", "retrieve", "restore",
                     // "overhead", "replay", "dns", "replace", "rebuild"
  double seconds = 0;
};

// Bounds for one kind of loss of one service.
struct LossBound {
  std::string loss;             // "zone", "region", "vendor", "corruption"
  std::string target;           // the lost domain ("apse2-az1"), or the service for corruption
  bool rpo_applicable = false;  // false: the service holds no data (RPO fields stay empty)
  // RPO over the fault phase; nullopt worst = at some phase there is no recovery point.
  std::optional<double> rpo_worst_s;
  std::optional<double> rpo_mean_s;  // time average; nullopt unless a point always exists
  std::optional<double> rpo_best_s;
  double catastrophic_fraction = 0;  // share of the period with no recovery point, 0..1
  // Fault time (s since epoch) where the worst case was evaluated: 1 ms inside the interval
  // whose end it approaches (e.g. just before a copy lands), or the first phase without a
  // recovery point.
  double worst_phase_s = 0;
  std::string worst_explanation;  // the recovery point used at the worst phase
  // RTO lower bound and its terms for the recovery point at the worst phase; nullopt = no
  // procedure can bring the service back.
  std::optional<double> rto_lower_s;
  std::vector<RtoTerm> rto_terms;
  std::string rto_via;  // "automatic failover", "restore", "replacement", "none needed", ...
};

struct ServiceBounds {
  std::string service;
  bool stateful = false;
  std::vector<LossBound> losses;  // zone, region, vendor (those that exist), then corruption
};

struct AnalyzeOptions {
  double detect_after_s = 3600;  // corruption: seconds until the damage is noticed
};

struct Analysis {
  double period_s = 86400;   // the schedule period swept
  double steady_from_s = 0;  // start of the swept period (s since epoch)
  double detect_after_s = 3600;
  std::vector<ServiceBounds> services;  // model order
};

// Worst-case/mean/best RPO of `service` over fault times in [from_s, from_s + period_s) for
// `loss` (its fault_s and detected_s are shifted along; detected_s - fault_s stays fixed).
// Fills the RPO fields of a LossBound (loss/target left empty).
LossBound sweep_rpo(const model::Model& m, const model::Service& service, const DataLoss& loss,
                    double from_s, double period_s);

// RTO lower bound of `service` after `loss` when recovering from `rpo` (the outcome of
// achieved_rpo for the same loss); fills rto_lower_s, rto_terms, rto_via of `out`.
void rto_lower_bound(const model::Model& m, const model::Service& service, const DataLoss& loss,
                     const RpoOutcome& rpo, LossBound& out);

// Bytes per second between two domains: an explicit link joining them (either end at or above
// each domain), else the default capacity of the smallest domain both share.
double bandwidth_between(const model::Model& m, const std::string& a, const std::string& b);

// The period swept by analyze(): LCM of the backup periods (whole seconds) of the model, capped at
// 30 days (then the longest period); 86400 if there are no backups.
double schedule_period(const model::Model& m);

// Bounds for every service of the model, in model order.
Analysis analyze(const model::Model& m, const AnalyzeOptions& options = {});

}  // namespace drsim::engine
