#include "model/loader.hpp"

#include <memory>

#include "model/detail/load_context.hpp"
#include "model/digest.hpp"
#include "model/errors.hpp"
#include "model/field_reader.hpp"

namespace drsim::model {
namespace {

void read_root(const Node& root, detail::LoadContext& ctx) {
  using namespace detail;
  if (root.is_null()) {  // a file of comments only
    ctx.diags.error({root.loc().file, 1, 1, ""}, "the file holds no model, only comments",
                    {"a model needs at least 'version: 1', 'name:' and 'services:'"});
    return;
  }
  MapReader m(root, ctx.diags);
  if (const Node* v = m.need("version", "1"); v && !(v->is_scalar() && v->scalar == "1")) {
    ctx.diags.error(v->loc(), "unsupported version " + describe(*v),
                    {"this drsim reads version 1 models; write 'version: 1'"});
  }
  if (const Node* n = m.need("name", "acme-shop"))
    ctx.model.name = read_string(*n, ctx.diags).value_or("");
  if (const Node* n = m.get("description")) {
    ctx.model.description = read_string(*n, ctx.diags).value_or("");
  }
  if (const Node* n = m.get("calendar")) read_calendar(*n, ctx);
  if (const Node* n = m.get("topology")) read_topology(*n, ctx);
  if (const Node* n = m.get("stores")) read_stores(*n, ctx);
  if (const Node* n = m.need("services", "[{id: web, placement: {zones: [az1]}}]")) {
    read_services(*n, ctx);
  }
  if (const Node* n = m.get("people")) read_people(*n, ctx);
  if (const Node* n = m.get("objectives")) read_objectives(*n, ctx);
  if (const Node* n = m.get("costs")) read_costs(*n, ctx);
  if (const Node* n = m.get("likelihoods")) read_likelihoods(*n, ctx);
  if (const Node* n = m.get("outages")) read_outages(*n, ctx);
}

}  // namespace

LoadResult load_model(const std::string& path) {
  std::string bytes;
  Node root = load_document(path, bytes);
  return load_model(root, path, bytes);
}

LoadResult load_model(const Node& root, const std::string& path, const std::string& bytes) {
  detail::LoadContext ctx;
  ctx.model.source = path;
  ctx.model.checksum = file_checksum(bytes);
  read_root(root, ctx);
  ctx.model.index();
  detail::check_unique_ids(ctx);
  detail::resolve_references(ctx);
  detail::default_link_latencies(ctx);
  detail::expand_presets(ctx);
  detail::check_dependency_cycles(ctx);
  detail::warn_risky_designs(ctx);
  ctx.diags.throw_if_errors();
  LoadResult result;
  result.warnings = ctx.diags.sorted();
  result.model = std::move(ctx.model);
  result.model.index();  // the indexes hold positions, which survive the move; rebuild anyway
  return result;
}

}  // namespace drsim::model
