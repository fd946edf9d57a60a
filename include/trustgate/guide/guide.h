// Field guides: what one receiving agency may and may not do when federal
// immigration agents come, generated from the law (never hand-written).
//
// A guide decides the whole request space for the agency on one date, by the
// classes `policy check` decides (analysis.h, survey), and groups it into
// what a person at the counter recognises: a row per document (detainer,
// notification request, administrative warrant, judge's warrant or order,
// subpoena, phone call or visit) and thing asked (hold, tell the release
// date, let agents in, interview, share records or status, database access,
// help on the scene).
//
// Each row has a usual case: the document's first instrument, signed as such
// a document usually is, sent by ICE ERO for civil immigration enforcement,
// about a person in the agency's custody (not in custody for database access
// and help on the scene), with no fact of the schema true, no conviction and
// an in-person interview. Its statements are concrete requests and their
// outcomes under the law:
//  - `usual`: the usual case, once per action of the thing asked;
//  - `exceptions`: for every class of the row's space whose answer differs
//    from the usual case's, the nearest request of that class (the usual case
//    with the fewest changes), keeping only those whose changes are not a
//    superset of another kept exception's with the same action and answer.
// Invariants: every answer (compliance) that any cell of a row has appears in
// one of its statements; every statement's outcome is decide()'s outcome for
// the request built from it (request_for_statement).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "trustgate/policy/decision.h"
#include "trustgate/policy/library.h"
#include "trustgate/policy/wording.h"

namespace trustgate::guide {

enum class Document : uint8_t {
  Detainer,
  NotificationRequest,
  AdministrativeWarrant,
  JudicialWarrantOrOrder,
  Subpoena,
  CallOrVisit
};
inline constexpr size_t kDocuments = 6;

enum class Ask : uint8_t {
  Hold,
  ReleaseDate,
  LetAgentsIn,
  Interview,
  ShareRecords,
  DatabaseAccess,
  OnScene
};
inline constexpr size_t kAsks = 7;

// The instrument types (vocabulary names) a document stands for, usual first.
std::vector<std::string_view> document_instruments(Document d);
// The actions (vocabulary names) a thing asked stands for, main first.
std::vector<std::string_view> ask_actions(Ask a);

// One way a request differs from its row's usual case.
struct Change {
  enum class Kind : uint8_t {
    Instrument,
    Signer,
    Purpose,
    Requester,
    Custody,
    Fact,
    Conviction,
    Interview
  };
  Kind kind = Kind::Instrument;
  uint8_t index = 0;  // the fact or conviction class (Vocabulary::facts, conviction_classes)
  uint8_t value = 0;  // the new value (index into its terms; 0/1 for custody and facts)
  friend bool operator==(const Change&, const Change&) = default;
};

// A concrete request of a row and its outcome.
struct Statement {
  uint8_t action = 0;
  policy::Situation situation;
  std::vector<Change> changes;  // from the row's usual case; empty for the usual case
  policy::Outcome outcome;
};

struct Row {
  Document document = Document::Detainer;
  Ask ask = Ask::Hold;
  std::vector<Statement> usual;       // one per action of the ask, in ask_actions order
  std::vector<Statement> exceptions;  // fewest changes first
  // The row's cells (its instruments x actions x every situation) by
  // compliance (Required, Prohibited, Discretionary, Conflict).
  std::array<uint64_t, 4> cells{};
};

struct Guide {
  std::string jurisdiction;
  const policy::ChainAgency* agency = nullptr;
  policy::Date date;
  const policy::Law* law = nullptr;
  std::shared_ptr<const policy::Chain> chain;  // keeps agency, law and provisions alive
  std::vector<Row> rows;                       // rows[document * kAsks + ask]

  const Row& row(Document d, Ask a) const {
    return rows[static_cast<size_t>(d) * kAsks + static_cast<size_t>(a)];
  }
};

// The guide for `agency` of `jurisdiction` under the law of `date`. Fails
// (InvalidArgument, field "/jurisdiction" or "/agency", listing the known
// values) on an unknown jurisdiction or agency.
base::Result<Guide> build_guide(const policy::Library& library, std::string_view jurisdiction,
                                std::string_view agency, policy::Date date);

// The decision request (design's JSON) for a statement of `g`: what the
// agreement test decides. received_at is noon of the guide's date.
std::string request_for_statement(const Guide& g, const Statement& s,
                                  const policy::Vocabulary& vocab);

enum class Format : uint8_t { Markdown, Html, Pdf };
std::optional<Format> parse_format(std::string_view name);  // "md", "html", "pdf"

// Renderings. Every page carries the agency, the law's date and the
// disclaimer of the most specific layer binding the agency.
std::string guide_to_markdown(const Guide& g, const policy::Vocabulary& vocab,
                              const policy::Wording& w);
// A printable page: a one-page summary table, then a detail page per document.
std::string guide_to_html(const Guide& g, const policy::Vocabulary& vocab,
                          const policy::Wording& w);

// Prints HTML to PDF with Chromium in headless mode ($TRUSTGATE_CHROMIUM,
// else /usr/bin/chromium): the PDF's bytes. Fails when Chromium is missing,
// fails, or takes longer than `timeout_seconds`.
base::Result<std::string> html_to_pdf(const std::string& html, int timeout_seconds = 120);

// build_guide, the translations and one rendering, as the CLI and the API
// serve it.
base::Result<std::string> render_guide(const policy::Library& library,
                                       std::string_view jurisdiction, std::string_view agency,
                                       policy::Date date, policy::Language lang, Format format);

}  // namespace trustgate::guide
