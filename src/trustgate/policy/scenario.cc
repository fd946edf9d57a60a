#include "trustgate/policy/scenario.h"

#include <simdjson.h>

#include <algorithm>
#include <filesystem>

#include "request_builder.h"
#include "trustgate/policy/decision.h"

namespace trustgate::policy {

namespace fs = std::filesystem;
using simdjson::dom::element;

namespace {

const Outcome* find_outcome(const Decision& d, const Vocabulary& v, std::string_view action) {
  for (const Outcome& o : d.outcomes) {
    if (v.actions[o.action] == action) return &o;
  }
  return nullptr;
}

std::vector<std::string> strings_of(element arr) {
  std::vector<std::string> out;
  simdjson::dom::array a;
  if (arr.get_array().get(a)) return out;
  for (element e : a) {
    std::string_view s;
    if (!e.get_string().get(s)) out.emplace_back(s);
  }
  return out;
}

void check_expectations(element scenario, const Decision& d, const Vocabulary& v,
                        std::vector<std::string>& failures) {
  simdjson::dom::object expect, obligations, policies;
  if (scenario.at_key("expect").get_object().get(expect)) {
    failures.push_back("needs an \"expect\" object");
    return;
  }
  for (auto [action, value] : expect) {
    const Outcome* o = find_outcome(d, v, action);
    std::string_view want;
    if (!o) {
      failures.push_back(std::string(action) + ": not among the request's actions");
    } else if (value.get_string().get(want) || !parse_compliance(want)) {
      failures.push_back(std::string(action) + ": expected compliance is not a compliance name");
    } else if (compliance_name(o->compliance) != want) {
      std::string got;
      for (const Provision* p : o->because) got += (got.empty() ? "" : ", ") + p->id;
      failures.push_back(std::string(action) + ": expected " + std::string(want) + ", got " +
                         std::string(compliance_name(o->compliance)) + " (because: " + got + ")");
    }
  }
  if (!scenario.at_key("obligations").get_object().get(obligations)) {
    for (auto [action, list] : obligations) {
      const Outcome* o = find_outcome(d, v, action);
      if (!o) continue;
      std::vector<std::string> want = strings_of(list),
                               got(o->obligations.begin(), o->obligations.end());
      std::sort(want.begin(), want.end());
      std::sort(got.begin(), got.end());
      if (want != got) {
        std::string g;
        for (const auto& s : got) g += (g.empty() ? "" : ", ") + s;
        failures.push_back(std::string(action) + ": obligations are [" + g + "]");
      }
    }
  }
  simdjson::dom::object prevails;
  if (!scenario.at_key("likely_prevails").get_object().get(prevails)) {
    for (auto [action, value] : prevails) {
      const Outcome* o = find_outcome(d, v, action);
      if (!o) continue;
      std::string_view want;
      bool want_none = value.is_null();
      if (!want_none && value.get_string().get(want)) {
        failures.push_back(std::string(action) + ": likely_prevails must be a pack id or null");
        continue;
      }
      std::string got = o->likely_prevails ? o->likely_prevails->pack : "null";
      if (got != (want_none ? std::string("null") : std::string(want)))
        failures.push_back(std::string(action) + ": likely_prevails is " + got);
    }
  }
  if (!scenario.at_key("policies").get_object().get(policies)) {
    for (auto [action, list] : policies) {
      const Outcome* o = find_outcome(d, v, action);
      if (!o) continue;
      for (const std::string& id : strings_of(list)) {
        bool found = std::any_of(o->because.begin(), o->because.end(),
                                 [&](const Provision* p) { return p->id == id; });
        if (!found)
          failures.push_back(std::string(action) + ": " + id +
                             " is not among the determining policies");
      }
    }
  }
}

// Builds the scenario's request (defaults first), decides it and checks it.
ScenarioResult run_one(const Library& lib, const element* defaults, element scenario) {
  ScenarioResult r;
  std::string_view name;
  r.name = scenario.at_key("name").get_string().get(name) ? "(unnamed)" : std::string(name);
  auto failed = [&r](const std::string& message) {
    r.failures.push_back(message);
    return r;
  };
  RequestBuilder builder(lib.vocabulary());
  if (defaults) {
    if (auto s = builder.apply(*defaults); !s) return failed("defaults: " + s.error().message);
  }
  element request;
  if (!scenario.at_key("request").get(request)) {
    if (auto s = builder.apply(request); !s) return failed("request: " + s.error().message);
  }
  auto req = builder.finish();
  if (!req) return failed("request: " + req.error().message);
  DecideOptions options;
  std::string_view at;
  if (!scenario.at_key("at").get_string().get(at)) {
    auto date = parse_date(at);
    if (!date) return failed("at: " + date.error().message);
    options.at = *date;
  }
  auto decision = decide(lib, *req, options);
  if (!decision) return failed(decision.error().message);
  check_expectations(scenario, *decision, lib.vocabulary(), r.failures);
  return r;
}

void run_file(const Library& lib, const std::string& pack_id, const fs::path& file,
              std::vector<ScenarioResult>& out) {
  simdjson::dom::parser parser;
  element root;
  auto fail = [&](const std::string& message) {
    out.push_back(ScenarioResult{pack_id, file.filename().string(), "(file)", {message}});
  };
  if (auto err = parser.load(file.string()).get(root)) {
    return fail(std::string("cannot parse: ") + simdjson::error_message(err));
  }
  element defaults;
  bool has_defaults = !root.at_key("defaults").get(defaults);
  simdjson::dom::array scenarios;
  if (root.at_key("scenarios").get_array().get(scenarios))
    return fail("needs a \"scenarios\" array");
  for (element scenario : scenarios) {
    ScenarioResult r = run_one(lib, has_defaults ? &defaults : nullptr, scenario);
    r.pack = pack_id;
    r.file = file.filename().string();
    out.push_back(std::move(r));
  }
}

}  // namespace

std::vector<ScenarioResult> run_scenarios(const Library& library, const std::string& pack_id) {
  std::vector<ScenarioResult> out;
  fs::path dir = library.root() / pack_id / "tests";
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    out.push_back(
        ScenarioResult{pack_id, "tests/", "(no tests)", {"no scenario files in " + dir.string()}});
  }
  for (const fs::path& f : files) run_file(library, pack_id, f, out);
  return out;
}

}  // namespace trustgate::policy
