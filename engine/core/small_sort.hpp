// std::stable_sort for the short lists the engine sorts over and over (a service's recovery
// points, its path steps): an insertion sort, with no buffer to take — libstdc++'s stable_sort
// allocates one even for two elements. The result is stable_sort's (a stable order is unique).
#pragma once

#include <algorithm>
#include <iterator>
#include <utility>

namespace drsim::engine {

template <class It, class Less>
void stable_sort_small(It first, It last, Less less) {
  if (last - first > 32) {
    std::stable_sort(first, last, less);
    return;
  }
  if (first == last) return;
  for (It i = std::next(first); i != last; ++i) {
    if (!less(*i, *std::prev(i))) continue;
    auto moving = std::move(*i);
    It j = i;
    do {
      *j = std::move(*std::prev(j));
      --j;
    } while (j != first && less(moving, *std::prev(j)));
    *j = std::move(moving);
  }
}

}  // namespace drsim::engine
