// Scenario tests: a pack's tests/*.json, each a request and the expected
// compliance per action.
//
// File format: {"description": "...", "defaults": {request fields},
// "scenarios": [{"name", "request": {fields over the defaults}, "at":
// "YYYY-MM-DD" (optional), "expect": {action: compliance}, "obligations":
// {action: [ids]} (optional, exact set), "policies": {action: [ids]}
// (optional, each must be among the determining policies), "likely_prevails":
// {action: pack id or null} (optional, the conflict's prevailing layer)}]}.
#pragma once

#include <string>
#include <vector>

#include "cedar/result.h"
#include "trustgate/policy/library.h"

namespace trustgate::policy {

struct ScenarioResult {
  std::string pack;
  std::string file;  // file name within tests/
  std::string name;
  std::vector<std::string> failures;  // empty when the scenario passed
  bool passed() const { return failures.empty(); }
};

// Runs every scenario of the pack `pack_id` of the library. A file that
// cannot be read or parsed yields one failed result naming the file.
std::vector<ScenarioResult> run_scenarios(const Library& library, const std::string& pack_id);

}  // namespace trustgate::policy
