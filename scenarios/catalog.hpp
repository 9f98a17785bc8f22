// The built-in scenario classes and their ids (DESIGN.md §3): `office:<site>`,
// `hardware:<service>`, `az:<zone>`, `region:<region>`, `vendor:<vendor>`,
// `dependency:<service>`, `corruption:<service>`, `deletion:<service>`, `ransomware`,
// `bad-backup:<service>[/<backup>]`, `destroy:<store>`, `failback:<domain>` (the loss of an
// office, zone, region or vendor for its class's default outage, judged on the failback home
// once it ends: engine/core/failback.hpp), the wildcards `<class>:*`, and `--all`
// (every failure domain plus corruption of every stateful service). Ids are checked against the
// model; every problem is a located InputError (exit 3).
//
// `bad-backup:<service>` on the command line (and in --all) is two faults: corruption of the
// service at t0, noticed --detect-after later, and the newest run of the backup (by default the
// service's first snapshot/dump/copy backup) turning out unusable, so the restore falls back. In
// a scenario file the id is the unusable runs alone, to be combined with any loss.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "scenarios/scenario.hpp"
#include "scenarios/time_options.hpp"

namespace drsim::scenarios {

// One built-in class: its id prefix, whether it names a target, and what the target is.
struct ScenarioClass {
  const char* name;  // "az"
  model::DisruptionClass cls;
  FaultKind kind;
  const char* target;    // "zone", "service", ... ("" for ransomware)
  const char* wildcard;  // what `<name>:*` expands to, for help texts
};

// Every built-in class in the documented order.
const std::vector<ScenarioClass>& scenario_classes();

// "office:<site>, hardware:<service>, ..., ransomware": for help texts and error hints.
std::string class_list();

// Builds one fault of the built-in id `id` ("region:ap-southeast-2"; no wildcard) starting at
// `start_s`, lasting `duration_s` (none: the class default of outage_defaults.hpp), detected
// `detect_after_s` later (logical kinds only).
// Throws InputError located at `loc` if the id is malformed or names nothing in the model.
Fault make_fault(const model::Model& m, const std::string& id, double start_s,
                 std::optional<double> duration_s, double detect_after_s, const SourceLoc& loc);

// The built-in id of `f` ("region:ap-southeast-2", "ransomware").
std::string fault_id(const Fault& f);

// Expands ids (wildcards included) in the order given, dropping repeats, into one single-fault
// scenario each, timed by `options`. Ids are located as "<command line>: --scenario".
// Throws InputError listing every bad id and option at once.
std::vector<Scenario> resolve(const model::Model& m, const std::vector<std::string>& ids,
                              const TimeOptions& options);

// Every failure domain of the model plus corruption of every stateful service, in this order:
// offices, zones, regions, vendors (cloud, SaaS and self, model order), dependency on every
// external service, corruption of every stateful service. Datacenters, hardware, deletion,
// ransomware, bad-backup and destroy are not listed (docs/scenario-format.md says why).
std::vector<Scenario> all_scenarios(const model::Model& m, const TimeOptions& options);

// Checks that every fault of `s` starts, lasts and is detected within the horizon; throws a
// located InputError otherwise (used for command-line and file scenarios alike). A default
// duration longer than the horizon is no error: the fault then lasts the whole horizon.
void check_horizon(const Scenario& s);

}  // namespace drsim::scenarios
