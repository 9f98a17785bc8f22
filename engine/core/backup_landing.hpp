// When a backup run becomes a recovery point: a run holds the data as of its start, but it is
// usable at a location only once it has landed there. A backup is FINISHED in its own store
// `duration` after it starts and has ARRIVED in a copy store `copy.delay` after it finished.
// When the model leaves either at 0 s (the documented default "derived"), it is derived from the
// bytes moved and the bottleneck bandwidth of the route (network.hpp), the same rule a restore
// transfer is priced with:
//  * finish: bytes / bandwidth from the primary copy's zone (planner primary_zone()) to the
//    store. A snapshot is block-level incremental: it moves what changed since the previous
//    run, write_rate × schedule interval (at most `size`; all of `size` when no write_rate is
//    given). A dump or a bucket copy moves `size`. An incremental moves its `size`, or write_rate ×
//    its interval. A log archive moves one segment, write_rate × archive interval; object
//    versions kept with the data (no store) land at once;
//  * copy: bytes / bandwidth from the backup's own store to the copy store, where the bytes are
//    the whole `size` (a copy in another store is a full image; a log segment or an incremental
//    stays what it is). Conservative on purpose: a model whose copies are incremental says so with
//    `delay`.
// Worked example (docs/model-format.md): a 10 TB database written at 1 MB/s, daily 02:00
// snapshot into a store in its region over 10 Gbps: 86.4 GB in 69.12 s, finished 02:01:09.12;
// copied to another region at 10 Gbps, 10 TB in 8,000 s: a recovery point there from 04:14:29.12
// on, so the region lost at 02:10 restores yesterday's copy (RPO 24 h 10 min, not 10 min).
#pragma once

#include "model/model.hpp"

namespace drsim::engine {

// Bytes one run of `b` moves into its own store, and into each copy store.
double run_bytes(const model::DataSet& data, const model::Backup& b);
double copy_bytes(const model::DataSet& data, const model::Backup& b);

// Seconds from the start of a run of `b` until it is finished in its own store: `duration`, or
// derived (above). 0 for object versions kept with the data.
double finish_after(const model::Model& m, const model::Service& s, const model::Backup& b);

// Seconds from the end of a run until it has arrived in copy store `c`: `c.delay`, or derived.
double copy_after(const model::Model& m, const model::Service& s, const model::Backup& b,
                  const model::BackupCopy& c);

// Seconds from the start of a run until it has landed everywhere (its own store and every copy).
double landed_after(const model::Model& m, const model::Service& s, const model::Backup& b);

}  // namespace drsim::engine
