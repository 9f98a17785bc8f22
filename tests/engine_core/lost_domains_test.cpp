// The lost domains the planner asks about (engine/core/lost_domains.hpp): bound to a model, the
// per-position answer must be the walk up the tree's.
#include "engine/core/lost_domains.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_models.hpp"

using namespace drsim;
using namespace drsim::engine;

TEST_CASE("a bound LostDomains answers as the walk up the tree does, for every domain") {
  const auto m = test::two_region_model();
  for (const auto& lost : std::vector<std::vector<std::string>>{
           {}, {"ap-southeast-2"}, {"apse1-az2"}, {"aws"}, {"apse2-az1", "ap-southeast-1"}}) {
    const LostDomains bound(m, lost), unbound(lost);
    for (std::size_t i = 0; i < m.domains.size(); ++i) {
      INFO(m.domains[i].id << " with " << lost.size() << " lost");
      CHECK(bound.alive(m, i) == !m.within_any(i, lost));
      CHECK(bound.alive(m, m.domains[i].id) == unbound.alive(m, m.domains[i].id));
    }
    CHECK(bound.alive(m, "no-such-domain"));
    CHECK(bound.alive(m, m.domains.size()));
  }
  const LostDomains region(m, {"ap-southeast-2"});
  CHECK_FALSE(region.alive(m, "apse2-az1"));
  CHECK(region.alive(m, "apse1-az1"));
  CHECK(region.alive(m, "aws"));
}
