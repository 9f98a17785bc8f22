// The drill history as a Prometheus textfile-collector file (docs/history.md "Metrics"): per
// target the last run and whether it passed, the last success, the age of the last verified
// restore against its max_age, the last RTO and RPO, the RTO/RPO percentiles of `history
// targets`, the objectives' verdicts and the duration of each step of the last run — so an SRE's
// monitoring alerts on a restore nobody has verified lately. Every value is taken from
// target_trends() and the recorded runs; nothing is judged again here.
#pragma once

#include <string>
#include <vector>

#include "history/store.hpp"

namespace drsim::history {

// Every target of `store` at `now_s` (seconds since 1970), percentiles over each target's `last`
// completed runs as `drsim history targets` gives them, in the Prometheus text exposition format
// (version 0.0.4): one gauge family per metric with HELP and TYPE, samples in target order, label
// values escaped, and drsim_drill_metrics_timestamp_seconds = `now_s`. A target without a value
// (never passed, no RTO reached) has no sample in that family.
std::string metrics_text(Store& store, double now_s, int last);

}  // namespace drsim::history
