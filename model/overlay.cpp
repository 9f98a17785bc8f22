#include "model/overlay.hpp"

#include <algorithm>
#include <unordered_map>

#include "model/errors.hpp"
#include "model/field_reader.hpp"
#include "model/printable.hpp"

namespace drsim::model {
namespace {

// The `id` of a list item, or nullptr when the item is not a mapping with a scalar id.
const std::string* item_id(const Node& item) {
  if (!item.is_mapping()) return nullptr;
  const Node* id = item.find("id");
  return id && id->is_scalar() ? &id->scalar : nullptr;
}

bool every_item_has_an_id(const Node& list) {
  return std::all_of(list.items.begin(), list.items.end(),
                     [](const Node& item) { return item_id(item) != nullptr; });
}

void merge(Node& base, const Node& overlay, DiagnosticList& diags);

// Overlay items change the model's items with their ids (the first with an id, if the model
// repeats one: the loader reports that); an overlay item without an id is an error.
void merge_items(Node& base, const Node& overlay, DiagnosticList& diags) {
  std::unordered_map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < base.items.size(); ++i) position.emplace(*item_id(base.items[i]), i);
  for (const Node& item : overlay.items) {
    if (!item_id(item)) {
      diags.error(item.loc(), "an item of this list needs the id of the model's item it changes",
                  {"add 'id: ...' with the id the model gives it; an overlay changes the model's "
                   "items and never replaces their list"});
      continue;
    }
    const Node& id = *item.find("id");
    auto at = position.find(id.scalar);
    if (at == position.end()) {
      std::vector<std::string> ids;
      for (const Node& b : base.items) ids.push_back(*item_id(b));
      std::vector<std::string> hints{
          "an overlay changes items the model has; add a new item to the model itself"};
      if (std::string near = did_you_mean(id.scalar, ids); !near.empty()) {
        hints.insert(hints.begin(), "did you mean '" + printable(near) + "'?");
      }
      diags.error(id.loc(), "the model has no item with id " + describe(id) + " here",
                  std::move(hints));
      continue;
    }
    merge(base.items[at->second], item, diags);
  }
}

void merge(Node& base, const Node& overlay, DiagnosticList& diags) {
  if (base.is_mapping() && overlay.is_mapping() && !is_distribution(overlay) &&
      !is_distribution(base)) {
    for (const Node::Entry& e : overlay.entries) {
      auto at = std::find_if(base.entries.begin(), base.entries.end(),
                             [&](const Node::Entry& b) { return b.key == e.key; });
      if (at == base.entries.end()) {
        base.entries.push_back(e);
      } else {
        merge(at->value, e.value, diags);
      }
    }
  } else if (base.is_sequence() && overlay.is_sequence() && !overlay.items.empty() &&
             every_item_has_an_id(base) && (!base.items.empty() || every_item_has_an_id(overlay))) {
    merge_items(base, overlay, diags);
  } else {
    base = overlay;
  }
}

}  // namespace

Node apply_overlay(const Node& base, const Node& overlay) {
  DiagnosticList diags;
  if (!overlay.is_mapping()) {
    diags.error(overlay.loc(),
                "an overlay is a mapping of the model's keys, got " + overlay.kind_name(),
                {"write the keys to change as in the model, e.g. 'services: [{id: orders-db, "
                 "recovery: {restore: {overhead: 2 min}}}]'"});
  }
  Node merged = base;
  if (overlay.is_mapping()) merge(merged, overlay, diags);
  diags.throw_if_errors();
  return merged;
}

LoadResult load_model(const std::string& path, const std::vector<std::string>& overlays) {
  if (overlays.empty()) return load_model(path);
  std::string bytes;
  Node root = load_document(path, bytes);
  std::string source = path;
  for (const std::string& file : overlays) {
    std::string more;
    Node overlay = load_document(file, more);
    root = apply_overlay(root, overlay);
    source += " + " + file;
    bytes += more;
  }
  return load_model(root, source, bytes);
}

}  // namespace drsim::model
