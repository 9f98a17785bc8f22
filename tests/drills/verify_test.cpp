// Comparing restored tables with the reference: every reason spelled out.
#include "drills/verify.hpp"

#include <catch2/catch.hpp>

#include "drills/pg_conn.hpp"

using namespace drsim::drills;

TEST_CASE("drills::verify: reports missing, short, changed and extra tables", "[drills]") {
  std::vector<TableSum> ref{
      {"public.a", 10, "123"}, {"public.b", 5, "77"}, {"public.c", 3, "9"}, {"public.d", 1, "1"}};
  std::vector<TableSum> got{
      {"public.a", 10, "123"}, {"public.b", 4, "70"}, {"public.c", 3, "8"}, {"public.e", 2, "2"}};
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
