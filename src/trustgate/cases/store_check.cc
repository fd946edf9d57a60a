#include "trustgate/cases/store_check.h"

#include <map>

#include "trustgate/cases/events.h"

namespace trustgate::cases {

namespace {

constexpr size_t kChunk = 4096;

base::Error differs(const std::string& what) {
  return base::corruption("the case store does not match the ledger: " + what +
                          "; recreate it with `trustgate store rebuild`");
}

// The first member in which two cases differ, for the message.
std::string first_difference(const Case& stored, const Case& projected) {
  if (stored.state != projected.state) {
    return "state is " + std::string(state_name(stored.state)) + ", the ledger says " +
           std::string(state_name(projected.state));
  }
  if (stored.decision != projected.decision) return "its decision differs";
  if (stored.request != projected.request) return "its request differs";
  if (stored.events != projected.events) return "its events differ";
  return "a field differs";
}

}  // namespace

base::Result<StoreCheckReport> check_store(CaseStore& store, const ledger::Ledger& ledger) {
  auto progress = store.progress();
  if (!progress) return progress.error();
  const uint64_t applied = progress->applied_below;
  const uint64_t size = ledger.size();
  if (applied > size) {
    return differs("it has applied " + std::to_string(applied) + " entries, the ledger holds " +
                   std::to_string(size));
  }
  auto applied_root = ledger.root(applied);
  if (!applied_root) return applied_root.error();
  if (applied > 0 && *applied_root != progress->root) {
    return differs("it was built from another history (root at entry " + std::to_string(applied) +
                   ")");
  }
  std::map<std::string, Case, std::less<>> cases;
  for (uint64_t from = 0; from < applied; from += kChunk) {
    const uint64_t end = std::min<uint64_t>(applied, from + kChunk);
    auto rows = store.events(from, end - from);
    if (!rows) return rows.error();
    for (uint64_t seq = from; seq < end; ++seq) {
      auto text = ledger.entry(seq);
      if (!text) return text.error();
      const size_t i = seq - from;
      if (i >= rows->size() || (*rows)[i].seq != seq || (*rows)[i].entry != *text) {
        return differs("entry " + std::to_string(seq) + " is missing or altered in case_events");
      }
      auto e = common::parse_json(*text);
      if (!e)
        return base::corruption("ledger entry " + std::to_string(seq) + ": " + e.error().message);
      const std::string kind(e->string_or_empty("event"));
      if ((*rows)[i].kind != kind || (*rows)[i].at != e->string_or_empty("at")) {
        return differs("entry " + std::to_string(seq) + "'s kind or time is altered");
      }
      if (is_caseless_event(kind)) continue;
      const std::string id(case_of(*e));
      auto it = cases.find(id);
      auto after = apply_event(it == cases.end() ? nullptr : &it->second, seq, *e);
      if (!after)
        return base::corruption("ledger entry " + std::to_string(seq) + ": " +
                                after.error().message);
      cases.insert_or_assign(id, std::move(*after));
    }
  }
  for (const auto& [id, projected] : cases) {
    auto stored = store.find(id);
    if (!stored) return stored.error();
    if (!*stored) return differs("case " + id + " is missing");
    if (**stored != projected) {
      return differs("case " + id + ": " + first_difference(**stored, projected));
    }
  }
  auto count = store.case_count();
  if (!count) return count.error();
  if (*count != cases.size()) {
    return differs("it holds " + std::to_string(*count) + " cases, the ledger " +
                   std::to_string(cases.size()));
  }
  auto extra = store.events(applied, 1);
  if (!extra) return extra.error();
  if (!extra->empty())
    return differs("it holds entries the ledger does not (from " +
                   std::to_string(extra->front().seq) + ")");
  return StoreCheckReport{applied, cases.size(), size - applied};
}

}  // namespace trustgate::cases
