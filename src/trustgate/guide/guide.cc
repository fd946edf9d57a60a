// Building a guide: the rows, their usual cases, and the exceptions found by
// deciding the whole request space (guide.h).
#include "trustgate/guide/guide.h"

#include <algorithm>
#include <set>

#include "trustgate/policy/analysis.h"
#include "trustgate/policy/request.h"

namespace trustgate::guide {

namespace {

using policy::CellGroup;
using policy::Compliance;
using policy::Outcome;
using policy::Situation;
using policy::Vocabulary;

// The usual case's custody for a thing asked: the person is in custody,
// except when agents want the databases or help out on the scene.
bool usually_in_custody(Ask a) { return a != Ask::DatabaseAccess && a != Ask::OnScene; }

cedar::Request cedar_request(const Vocabulary& v, const Situation& s, const std::string& agency) {
  return cedar::Request{cedar::EntityUid{"Agency", agency},
                        {},
                        cedar::EntityUid{"FederalRequest", "guide"},
                        v.context(s)};
}

// True when bit `value` is set in `members`.
bool has(uint32_t members, uint8_t value) { return (members >> value) & 1U; }

// The lowest set bit of `members`.
uint8_t first_of(uint32_t members) {
  uint8_t i = 0;
  while (i < 31 && !has(members, i)) ++i;
  return i;
}

// The request of class `g` nearest to `usual`: on each dimension the usual
// value when the class has it, else the class's first value; and how it
// differs from `usual`.
Situation nearest(const CellGroup& g, const Situation& usual, std::vector<Change>& changes) {
  using K = Change::Kind;
  Situation s = usual;
  s.instrument = g.instrument;
  s.signed_by = g.signed_by;
  s.purpose = g.purpose;
  if (s.instrument != usual.instrument) changes.push_back({K::Instrument, 0, s.instrument});
  if (s.signed_by != usual.signed_by) changes.push_back({K::Signer, 0, s.signed_by});
  if (s.purpose != usual.purpose) changes.push_back({K::Purpose, 0, s.purpose});
  if (!has(g.requesters, usual.requester)) {
    s.requester = first_of(g.requesters);
    changes.push_back({K::Requester, 0, s.requester});
  }
  if (!has(g.custody, usual.in_custody ? 1 : 0)) {
    s.in_custody = !usual.in_custody;
    changes.push_back({K::Custody, 0, static_cast<uint8_t>(s.in_custody)});
  }
  for (size_t f = 0; f < g.facts.size(); ++f) {
    bool now = (usual.facts >> f) & 1U;
    if (has(g.facts[f], now ? 1 : 0)) continue;
    s.facts ^= uint32_t{1} << f;
    changes.push_back({K::Fact, static_cast<uint8_t>(f), static_cast<uint8_t>(!now)});
  }
  for (size_t c = 0; c < g.convictions.size(); ++c) {
    if (has(g.convictions[c], usual.convictions[c])) continue;
    s.convictions[c] = first_of(g.convictions[c]);
    changes.push_back({K::Conviction, static_cast<uint8_t>(c), s.convictions[c]});
  }
  if (!has(g.interview_modes, usual.interview_mode)) {
    s.interview_mode = first_of(g.interview_modes);
    changes.push_back({K::Interview, 0, s.interview_mode});
  }
  return s;
}

bool subset(const std::vector<Change>& a, const std::vector<Change>& b) {
  return std::all_of(a.begin(), a.end(),
                     [&](const Change& c) { return std::find(b.begin(), b.end(), c) != b.end(); });
}

// Keeps the candidates that are not a superset of a kept one with the same
// action and answer, fewest changes first.
std::vector<Statement> minimal(std::vector<Statement> candidates) {
  std::stable_sort(
      candidates.begin(), candidates.end(),
      [](const Statement& a, const Statement& b) { return a.changes.size() < b.changes.size(); });
  std::vector<Statement> kept;
  for (Statement& c : candidates) {
    bool implied = std::any_of(kept.begin(), kept.end(), [&](const Statement& k) {
      return k.action == c.action && k.outcome.compliance == c.outcome.compliance &&
             subset(k.changes, c.changes);
    });
    if (!implied) kept.push_back(std::move(c));
  }
  return kept;
}

// The usual case of a row (guide.h).
Situation usual_case(const Guide& g, uint8_t instrument, Ask a, const Vocabulary& v) {
  Situation usual;
  usual.instrument = instrument;
  usual.signed_by = v.default_signer(instrument).value_or(0);
  usual.purpose = v.purposes.find("civil_immigration_enforcement").value_or(0);
  usual.requester = v.requesters.find("ice-ero").value_or(0);
  usual.in_custody = usually_in_custody(a);
  usual.agency_kind = g.agency ? g.agency->entry->kind : v.agency_kinds.find("other").value_or(0);
  usual.interview_mode = v.interview_modes.find("in_person").value_or(0);
  return usual;
}

// "action:kind.index=value;..." — one candidate per action and request.
std::string candidate_key(uint8_t action, const std::vector<Change>& changes) {
  std::string key(1, static_cast<char>(action));
  for (const Change& c : changes) {
    key += static_cast<char>(c.kind);
    key += static_cast<char>(c.index);
    key += static_cast<char>(c.value);
  }
  return key;
}

// Fills the rows of `g` (already made, with their usual cases): surveys each
// action once and hands each class to the row of its instrument's document.
void find_exceptions(Guide& g, const Vocabulary& v, const std::string& agency) {
  std::vector<int> document_of(v.instruments.values.size(), -1);
  for (size_t d = 0; d < kDocuments; ++d) {
    for (std::string_view name : document_instruments(static_cast<Document>(d))) {
      if (auto i = v.instruments.find(name)) document_of[*i] = static_cast<int>(d);
    }
  }
  std::vector<std::vector<Statement>> candidates(g.rows.size());
  std::vector<std::set<std::string>> seen(g.rows.size());
  for (size_t a = 0; a < kAsks; ++a) {
    for (std::string_view name : ask_actions(static_cast<Ask>(a))) {
      auto action = v.find_action(name);
      if (!action) continue;
      const uint8_t kind = g.rows[a].usual.front().situation.agency_kind;
      policy::survey(
          *g.law, *action, kind, v, [&](const Situation&, const CellGroup& cls, const Outcome& o) {
            int d = document_of[cls.instrument];
            if (d < 0) return;
            const size_t r = static_cast<size_t>(d) * kAsks + a;
            Row& row = g.rows[r];
            auto usual = std::find_if(row.usual.begin(), row.usual.end(),
                                      [&](const Statement& u) { return u.action == *action; });
            row.cells[static_cast<size_t>(o.compliance)] += cls.cells;
            if (o.compliance == usual->outcome.compliance) return;
            Statement c{*action, {}, {}, {}};
            c.situation = nearest(cls, usual->situation, c.changes);
            if (!seen[r].insert(candidate_key(*action, c.changes)).second) return;
            c.outcome.compliance = o.compliance;
            candidates[r].push_back(std::move(c));
          });
    }
  }
  for (size_t r = 0; r < g.rows.size(); ++r) {
    g.rows[r].exceptions = minimal(std::move(candidates[r]));
    // Every request of a class is decided alike; decided again for the
    // request stated, so that its reasons are its own.
    for (Statement& s : g.rows[r].exceptions) {
      s.outcome = policy::decide_action(*g.law, s.action, cedar_request(v, s.situation, agency));
    }
  }
}

}  // namespace

std::vector<std::string_view> document_instruments(Document d) {
  switch (d) {
    case Document::Detainer:
      return {"detainer"};
    case Document::NotificationRequest:
      return {"voluntary_notification"};
    case Document::AdministrativeWarrant:
      return {"admin_arrest_warrant", "admin_removal_warrant"};
    case Document::JudicialWarrantOrOrder:
      return {"judicial_warrant", "court_order"};
    case Document::Subpoena:
      return {"admin_subpoena", "judicial_subpoena"};
    case Document::CallOrVisit:
      return {"informal", "none"};
  }
  return {};
}

std::vector<std::string_view> ask_actions(Ask a) {
  switch (a) {
    case Ask::Hold:
      return {"hold_beyond_release", "transfer_custody"};
    case Ask::ReleaseDate:
      return {"notify_release"};
    case Ask::LetAgentsIn:
      return {"facility_use"};
    case Ask::Interview:
      return {"interview_access"};
    case Ask::ShareRecords:
      return {"share_records", "share_immigration_status", "inquire_status"};
    case Ask::DatabaseAccess:
      return {"database_access"};
    case Ask::OnScene:
      return {"on_scene_assistance", "joint_operation", "arrest_civil"};
  }
  return {};
}

base::Result<Guide> build_guide(const policy::Library& library, std::string_view jurisdiction,
                                std::string_view agency, policy::Date date) {
  Guide g;
  g.chain = library.chain(jurisdiction);
  if (!g.chain) {
    std::string known;
    for (const auto& j : library.jurisdictions()) known += (known.empty() ? "" : ", ") + j;
    return base::invalid_field(
        "/jurisdiction",
        "unknown jurisdiction \"" + std::string(jurisdiction) + "\" (one of: " + known + ")");
  }
  g.jurisdiction = g.chain->jurisdiction;
  g.agency = g.chain->find_agency(agency);
  if (!g.agency && !g.chain->agencies.empty()) {
    return base::invalid_field("/agency", "unknown agency \"" + std::string(agency) + "\" for " +
                                              g.jurisdiction +
                                              " (one of: " + g.chain->agency_ids() + ")");
  }
  g.date = date;
  g.law = g.agency ? &g.chain->at(date, *g.agency) : &g.chain->at(date);
  const Vocabulary& v = library.vocabulary();
  const std::string agency_id = g.agency ? g.agency->entry->id : "";
  for (size_t d = 0; d < kDocuments; ++d) {
    auto instrument = v.instruments.find(document_instruments(static_cast<Document>(d)).front());
    if (!instrument) return base::Error{"the schema has no instrument for a document"};
    for (size_t a = 0; a < kAsks; ++a) {
      Row row;
      row.document = static_cast<Document>(d);
      row.ask = static_cast<Ask>(a);
      const Situation usual = usual_case(g, *instrument, row.ask, v);
      for (std::string_view name : ask_actions(row.ask)) {
        auto action = v.find_action(name);
        if (!action) continue;
        row.usual.push_back(
            Statement{*action,
                      usual,
                      {},
                      policy::decide_action(*g.law, *action, cedar_request(v, usual, agency_id))});
      }
      if (row.usual.empty()) return base::Error{"the schema has no action for a thing asked"};
      g.rows.push_back(std::move(row));
    }
  }
  find_exceptions(g, v, agency_id);
  return g;
}

std::string request_for_statement(const Guide& g, const Statement& s,
                                  const policy::Vocabulary& vocab) {
  policy::DecisionRequest r;
  r.received_at = g.date.to_string() + "T12:00:00Z";
  r.jurisdiction = g.jurisdiction;
  r.receiving_agency = g.agency ? g.agency->entry->id : "guide";
  r.actions = {s.action};
  r.situation = s.situation;
  return policy::request_to_json(r, vocab);
}

std::optional<Format> parse_format(std::string_view name) {
  if (name == "md") return Format::Markdown;
  if (name == "html") return Format::Html;
  if (name == "pdf") return Format::Pdf;
  return std::nullopt;
}

base::Result<std::string> render_guide(const policy::Library& library,
                                       std::string_view jurisdiction, std::string_view agency,
                                       policy::Date date, policy::Language lang, Format format) {
  auto g = build_guide(library, jurisdiction, agency, date);
  if (!g) return g.error();
  auto w = policy::Wording::load(*g->chain, lang);
  if (!w) return w.error();
  const policy::Vocabulary& v = library.vocabulary();
  if (format == Format::Markdown) return guide_to_markdown(*g, v, *w);
  std::string html = guide_to_html(*g, v, *w);
  if (format == Format::Html) return html;
  return html_to_pdf(html);
}

}  // namespace trustgate::guide
