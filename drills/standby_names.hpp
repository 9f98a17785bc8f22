// The source's synchronous_standby_names, read as PostgreSQL reads it: a failover drill's replica
// must never become a synchronous standby of the source, whose commits would then wait for a
// server the drill stops and promotes.
#pragma once

#include <string>

namespace drsim::drills {

// The application_name the failover drill's replica connects with.
inline constexpr const char* kReplicaName = "drsim_replica";

// True if `setting` (synchronous_standby_names: "[FIRST] n (a, b)", "ANY n (a, b)" or "a, b")
// names `application_name` or '*'; names compare case-insensitively, quoted or not.
bool standby_names_include(const std::string& setting, const std::string& application_name);

}  // namespace drsim::drills
