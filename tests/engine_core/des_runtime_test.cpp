// drsim's own event loop (engine/core/des_runtime.hpp): waits for a flag, waits for a predicate,
// and the order in which one notify wakes both.
#include "engine/core/des_runtime.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_models.hpp"

using namespace drsim;
using namespace drsim::engine;

TEST_CASE("wait_for_flag ends when the flag is raised and notified, or at its timeout") {
  const auto m = test::two_region_model();
  DesRuntime rt(m);
  bool back = false;
  double woke_at = -1, timed_out_at = -1;
  bool seen = false, timed_out_result = true;
  rt.spawn("waiter", [&] {
    seen = rt.wait_for_flag(back, 100);
    woke_at = rt.now();
  });
  rt.spawn("never-raised", [&] {
    bool never = false;
    timed_out_result = rt.wait_for_flag(never, 50);
    timed_out_at = rt.now();
  });
  rt.spawn("raiser", [&] {
    rt.sleep_for(10);
    rt.notify_all();  // nothing raised yet: the waiter sleeps on
    rt.sleep_for(5);
    rt.raise(back);
    rt.notify_all();
  });
  rt.run_until(1000);
  CHECK(seen);
  CHECK(woke_at == 15.0);
  CHECK_FALSE(timed_out_result);
  CHECK(timed_out_at == 50.0);
}

TEST_CASE("one notify wakes flag and predicate waiters in the order they began waiting") {
  const auto m = test::two_region_model();
  DesRuntime des(m);
  Runtime& rt = des;  // the interface's default timeouts
  bool flag = false;
  int counter = 0;
  std::vector<std::string> order;
  rt.spawn("pred-1", [&] {
    rt.wait_until([&] { return counter > 0; });
    order.push_back("pred-1");
  });
  rt.spawn("flag-2", [&] {
    rt.wait_for_flag(flag);
    order.push_back("flag-2");
  });
  rt.spawn("pred-3", [&] {
    rt.wait_until([&] { return counter > 0; });
    order.push_back("pred-3");
  });
  rt.spawn("flag-4", [&] {
    rt.wait_for_flag(flag, 1e6);
    order.push_back("flag-4");
  });
  rt.spawn("changer", [&] {
    rt.sleep_for(1);
    counter = 1;
    rt.raise(flag);
    rt.notify_all();
  });
  rt.run_until(10);
  CHECK(order == std::vector<std::string>{"pred-1", "flag-2", "pred-3", "flag-4"});
}
