// synchronous_standby_names read as PostgreSQL reads it (syncrep_gram.y, syncrep.c): a failover
// drill refuses a source that would make its replica a synchronous standby.
#include "drills/standby_names.hpp"

#include <catch2/catch.hpp>

using drsim::drills::standby_names_include;

TEST_CASE("standby_names_include: the forms PostgreSQL accepts", "[drills]") {
  CHECK_FALSE(standby_names_include("", "drsim_replica"));
  CHECK(standby_names_include("*", "drsim_replica"));
  CHECK(standby_names_include("s1, *", "drsim_replica"));
  CHECK_FALSE(standby_names_include("s1, s2", "drsim_replica"));
  CHECK(standby_names_include("FIRST 1 (s1, drsim_replica)", "drsim_replica"));
  CHECK(standby_names_include("2 ( s1 , * )", "drsim_replica"));
  CHECK(standby_names_include("ANY 1 (\"DRSIM_Replica\")", "drsim_replica"));
  CHECK_FALSE(standby_names_include("ANY 2 (s1, s2)", "drsim_replica"));
  CHECK_FALSE(standby_names_include("drsim_replica_2", "drsim_replica"));
}
