// Building blocks the planner's rules share (planner.cpp, failback.cpp): step builders and the
// region rule. Not a public interface of the engine.
#pragma once

#include <string>

#include "engine/core/planner.hpp"

namespace drsim::engine {

// A step that takes `seconds`.
PlannedStep timed(StepKind kind, double seconds, std::string detail);

// The on-call gate: page, respond, decide (its duration is the executor's to decide).
PlannedStep people(std::string detail = "on-call person decides");

// The region `domain` lies in; `domain` itself when it lies in none (a datacenter of a
// self-hosted vendor without regions is its own home).
std::string region_of(const model::Model& m, const std::string& domain);

}  // namespace drsim::engine
