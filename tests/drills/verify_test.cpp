// Comparing restored tables with the reference: every reason spelled out.
#include "drills/verify.hpp"

#include <catch2/catch.hpp>

#include "drills/pg_conn.hpp"
#include "drills/reference.hpp"

using namespace drsim::drills;

namespace {

TableSum sum(const std::string& table, long long rows, const std::string& checksum,
             bool unlogged = false) {
  return TableSum{table, rows, checksum, "", unlogged};
}

}  // namespace

TEST_CASE("drills::verify: reports missing, short, changed and extra tables", "[drills]") {
  std::vector<TableSum> ref{sum("public.a", 10, "123"), sum("public.b", 5, "77"),
                            sum("public.c", 3, "9"), sum("public.d", 1, "1")};
  std::vector<TableSum> got{sum("public.a", 10, "123"), sum("public.b", 4, "70"),
                            sum("public.c", 3, "8"), sum("public.e", 2, "2")};
  CHECK(compare_sums("app", ref, got) ==
        std::vector<std::string>{
            "app/public.b: 4 rows restored, 5 on the source at the consistency point",
            "app/public.c: checksum differs with the same 3 rows (row contents changed)",
            "app/public.d: table missing in the restore",
            "app/public.e: table in the restore but not on the source"});
  CHECK(compare_sums("app", ref, ref).empty());
}

TEST_CASE("drills::verify: qualifies bare table names and quotes identifiers", "[drills]") {
  CHECK(qualify("orders") == "public.orders");
  CHECK(qualify("sales.orders") == "sales.orders");
  CHECK(quote_ident_path("sales.or\"ders") == "\"sales\".\"or\"\"ders\"");
  CHECK(quote_literal("it's") == "'it''s'");
}

TEST_CASE("drills::verify: an unlogged table empty after a physical restore is a note",
          "[drills]") {
  std::vector<TableSum> ref{sum("public.cache", 40, "9", true),
                            sum("public.\"AspNetUsers\"", 2, "5")};
  std::vector<TableSum> got{sum("public.cache", 0, "0", true),
                            sum("public.\"AspNetUsers\"", 2, "5")};
  std::vector<std::string> notes;
  CHECK(compare_sums("app", ref, got, true, &notes).empty());
  CHECK(notes == std::vector<std::string>{
                     "app/public.cache: unlogged, empty after recovery as expected (40 rows on "
                     "the source)"});
  // A logical restore dumps unlogged tables: there an empty one is a loss.
  CHECK(compare_sums("app", ref, got, false, &notes) ==
        std::vector<std::string>{
            "app/public.cache: 0 rows restored, 40 on the source at the consistency point"});
}

TEST_CASE("drills::verify: structure differences, roles included, are reasons", "[drills]") {
  DbSnapshot ref;
  ref.structure = true;
  ref.sequences = {{"public.t_id_seq", "20000"}};
  ref.indexes = {"public.t_pkey on public.t"};
  ref.constraints = {"public.t: t_pkey (p)"};
  ref.large_objects = 2;
  ref.roles_captured = true;
  ref.roles = {"app (login) member of pg_read_all_data", "drill (login, replication)"};
  DbSnapshot got = ref;
  std::vector<std::string> notes;
  CHECK(compare_snapshots("app", ref, got, true, notes).empty());
  got.sequences["public.t_id_seq"] = "19000";
  got.indexes.clear();
  got.large_objects = 1;
  got.roles = {"app (login)", "drill (login, replication)", "drsim (superuser, login)"};
  CHECK(compare_snapshots("app", ref, got, true, notes) ==
        std::vector<std::string>{
            "app/public.t_id_seq: sequence at 19000 in the restore, 20000 on the source: it would "
            "hand out values already used",
            "app: 1 indexes missing in the restore: public.t_pkey on public.t",
            "1 roles missing or changed in the restore: app (login) member of pg_read_all_data",
            "app: 1 large objects restored, 2 on the source"});
  // Roles are compared only where both sides captured them (one database of a physical restore).
  got.roles_captured = false;
  CHECK(compare_snapshots("app", ref, got, true, notes).size() == 3);
}

TEST_CASE("drills::verify: large-object contents are compared when both sides could read them",
          "[drills]") {
  DbSnapshot ref;
  ref.structure = true;
  ref.large_objects = 2;
  ref.large_object_sum = "123456789";
  DbSnapshot got = ref;
  std::vector<std::string> notes;
  CHECK(compare_snapshots("app", ref, got, false, notes).empty());
  got.large_object_sum = "987654321";
  CHECK(
      compare_snapshots("app", ref, got, false, notes) ==
      std::vector<std::string>{"app: the contents of the 2 large objects differ from the source"});
  got.large_object_sum.clear();
  got.large_object_error = "ERROR:  permission denied for large object 4242";
  CHECK(compare_snapshots("app", ref, got, false, notes) ==
        std::vector<std::string>{"app: large objects unreadable in the restore: ERROR:  permission "
                                 "denied for large object 4242"});
  // The source role may not read them: a note, never a silent pass or a false red.
  ref.large_object_sum.clear();
  ref.large_object_error = "ERROR:  permission denied for large object 4242";
  notes.clear();
  CHECK(compare_snapshots("app", ref, got, false, notes).empty());
  CHECK(notes == std::vector<std::string>{
                     "app: large object contents not compared: the source role may not read them "
                     "(grant it SELECT on them): ERROR:  permission denied for large object 4242"});
}
