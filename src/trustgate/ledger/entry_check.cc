#include "trustgate/ledger/entry_check.h"

#include <simdjson.h>

#include <thread>

#include "base/json_string.h"
#include "trustgate/common/json.h"
#include "trustgate/ledger/merkle.h"

namespace trustgate::ledger {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Writes `e` in canonical form; false when no canonical text can equal the
// input (keys out of order or repeated, a number that is not an int64).
bool canonical_into(element e, std::string& out) {
  switch (e.type()) {
    case element_type::NULL_VALUE:
      out += "null";
      return true;
    case element_type::BOOL:
      out += e.get_bool().value_unsafe() ? "true" : "false";
      return true;
    case element_type::INT64:
      out += std::to_string(e.get_int64().value_unsafe());
      return true;
    case element_type::STRING:
      base::append_json_string(out, e.get_string().value_unsafe());
      return true;
    case element_type::ARRAY: {
      out += '[';
      bool first = true;
      simdjson::dom::array arr;
      if (e.get_array().get(arr)) return false;
      for (element item : arr) {
        if (!first) out += ',';
        first = false;
        if (!canonical_into(item, out)) return false;
      }
      out += ']';
      return true;
    }
    case element_type::OBJECT: {
      out += '{';
      std::string_view previous;
      bool first = true;
      simdjson::dom::object obj;
      if (e.get_object().get(obj)) return false;
      for (auto [key, value] : obj) {
        if (!first && !(previous < key)) return false;  // unsorted or repeated
        if (!first) out += ',';
        first = false;
        previous = key;
        base::append_json_string(out, key);
        out += ':';
        if (!canonical_into(value, out)) return false;
      }
      out += '}';
      return true;
    }
    default:
      return false;
  }
}

// Checks one entry line; returns an empty string or the problem.
// `padded`: at least SIMDJSON_PADDING readable bytes follow the line, so the
// parser reads it in place instead of copying it.
std::string check_entry(simdjson::dom::parser& parser, std::string_view line, uint64_t index,
                        std::string& scratch, uint64_t* seq_out, bool padded) {
  element root;
  if (parser.parse(line.data(), line.size(), !padded).get(root)) return "not valid JSON";
  if (root.type() != element_type::OBJECT) return "not a JSON object";
  scratch.clear();
  if (!canonical_into(root, scratch) || scratch != line) return "not in canonical JSON form";
  int64_t seq = -1;
  if (root.at_key("seq").get_int64().get(seq)) return "has no integer \"seq\"";
  if (seq_out && seq >= 0) {
    *seq_out = static_cast<uint64_t>(seq);
    index = *seq_out;
  }
  if (seq < 0 || static_cast<uint64_t>(seq) != index) {
    return "has \"seq\": " + std::to_string(seq) + " (entries deleted, inserted or reordered)";
  }
  return "";
}

// Checks one run of lines; the run's first seq is whatever its first line
// says. `readable`: how many bytes may be read from lines.data() on.
CheckedRun check_run(std::string_view lines, size_t readable) {
  CheckedRun run;
  run.leaves.reserve(lines.size() / 128);
  simdjson::dom::parser parser;
  std::string scratch;
  size_t pos = 0;
  while (pos < lines.size()) {
    size_t nl = lines.find('\n', pos);
    std::string_view line = lines.substr(pos, nl - pos);
    uint64_t* seq_out = run.leaves.empty() ? &run.first_seq : nullptr;
    const bool padded = nl + simdjson::SIMDJSON_PADDING <= readable;
    std::string problem =
        check_entry(parser, line, run.first_seq + run.leaves.size(), scratch, seq_out, padded);
    if (!problem.empty()) {
      run.bad = true;
      run.problem = std::move(problem);
      return run;
    }
    run.leaves.push_back(leaf_hash(line));
    pos = nl + 1;
  }
  return run;
}

}  // namespace

std::vector<CheckedRun> check_lines(std::string_view lines, unsigned threads, size_t readable) {
  readable = std::max(readable, lines.size());
  if (threads < 1) threads = 1;
  // Cut at line boundaries into runs of about equal size; small logs stay whole.
  std::vector<std::string_view> parts;
  const size_t target = std::max<size_t>(lines.size() / threads, 1 << 20);
  size_t pos = 0;
  while (pos < lines.size()) {
    size_t end = pos + target >= lines.size() ? lines.size() : lines.find('\n', pos + target) + 1;
    parts.push_back(lines.substr(pos, end - pos));
    pos = end;
  }
  std::vector<CheckedRun> runs(parts.size());
  std::vector<std::thread> workers;
  auto readable_from = [&](std::string_view part) {
    return readable - static_cast<size_t>(part.data() - lines.data());
  };
  for (size_t i = 1; i < parts.size(); ++i) {
    workers.emplace_back([&, i] { runs[i] = check_run(parts[i], readable_from(parts[i])); });
  }
  if (!parts.empty()) runs[0] = check_run(parts[0], readable_from(parts[0]));
  for (auto& w : workers) w.join();
  return runs;
}

std::string check_line(std::string_view line, uint64_t expected, std::string& scratch) {
  simdjson::dom::parser parser;
  return check_entry(parser, line, expected, scratch, nullptr, false);
}

}  // namespace trustgate::ledger
