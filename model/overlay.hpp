// Overlays: files that change some values of a model without editing it, applied in order before
// the model is read (docs/model-format.md "Overlays"). `drsim calibrate --overlay-out` writes one
// with the figures its drills measured; `drsim simulate --overlay FILE` applies it.
//
// An overlay is written like a part of a model:
//  * a mapping merges into the model's mapping key by key, recursively; a key the model does not
//    have is added;
//  * a list of items with an `id` (services, stores, vendors, backups, ...) merges item by item:
//    an overlay item changes the model's item with its id; an id the model does not have, or an
//    item without an id, is an error located in the overlay, since an overlay changes an estate
//    rather than grows or rebuilds it;
//  * anything else (a value, a list without ids, an empty list, a distribution such as
//    {samples: [...]}) replaces the model's value.
// Every value keeps the place it was written, so a mistake in an overlay is reported at its line
// in the overlay file, as a model's own mistakes are.
#pragma once

#include <string>
#include <vector>

#include "model/document.hpp"
#include "model/loader.hpp"

namespace drsim::model {

// `base` with `overlay` applied. Throws InputError (located in the overlay) when the overlay is
// not a mapping or names an item the model does not have.
Node apply_overlay(const Node& base, const Node& overlay);

// load_model(path) with each of `overlays` applied in order. The model's source names every file
// ("estate.yaml + calibrated.yaml") and its checksum covers the bytes of each, in that order.
LoadResult load_model(const std::string& path, const std::vector<std::string>& overlays);

}  // namespace drsim::model
