// Schema ids of the JSON files drsim writes besides results (reports/result_json.hpp holds the
// result's), kept in the layer every writer and reader shares so each id is spelled once.
#pragma once

namespace drsim {

// A drill's journal of steps (`drsim drill run --journal FILE`, drills/journal.hpp).
inline constexpr const char* kJournalSchema = "drsim.journal/1";

}  // namespace drsim
