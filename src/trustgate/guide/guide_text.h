// The words of a guide in one language, and the text of its pages, which the
// Markdown and HTML renderings lay out (each escapes as its format needs).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "trustgate/guide/guide.h"

namespace trustgate::guide::text {

// COMPLY / DECLINE / CALL A SUPERVISOR / CALL COUNSEL.
std::string answer_label(policy::Compliance c, policy::Language lang);
std::string document_name(Document d, policy::Language lang);
std::string ask_name(Ask a, policy::Language lang);

// The fixed strings of the pages.
struct Strings {
  std::string title;         // "Field guide"
  std::string law_in_force;  // "Law in force on"
  std::string summary;       // "Summary: what to do"
  std::string document;      // "Document"
  std::string legend;        // how to read the table
  std::string changes_mark;  // the mark after an answer that conditions change
  std::string usual_case;    // "The usual case"
  std::string what_changes;  // "What changes the answer"
  std::string nothing_changes;
  std::string coverage;  // "Situations this row covers"
  std::string policy_version;
  std::string generated;  // how the guide was made
  std::string page;       // "Page"
};
const Strings& strings(policy::Language lang);

// One answer of a row: for the usual case or an exception.
struct Item {
  std::string action;  // the action's short name ("hold", "hand over")
  std::string when;  // the exception's conditions ("a judge signed it; ..."); "" for the usual case
  policy::OutcomeSentences sentences;
  policy::Compliance compliance = policy::Compliance::Conflict;
  std::vector<Change> changes;  // what `when` says
};

// Items under one condition: their headlines, then the lines that explain
// them, each once ("Why", "Then", ...: the label, in the guide's language).
struct ItemGroup {
  std::string when;           // "" for the usual case
  std::vector<size_t> items;  // indexes into RowText::usual or exceptions
  std::vector<std::pair<std::string, std::string>> lines;  // label ("" for none), text
  std::vector<Change> changes;                             // the items' changes
};

struct RowText {
  std::string document, ask;
  std::string cell;        // the summary table's cell ("DECLINE", "hold: DECLINE; hand over: ...")
  bool changes = false;    // some condition changes an answer
  std::string usual_case;  // the usual case, in words
  std::vector<Item> usual;
  std::vector<Item> exceptions;
  std::string coverage;  // "123 situations: 90% DECLINE, 10% CALL A SUPERVISOR"
  // The items grouped by condition, in order of first appearance.
  std::vector<ItemGroup> usual_groups, exception_groups;
};

struct PageText {
  std::string title;     // "Field guide: Chicago Police Department"
  std::string subtitle;  // "us-il-chicago — law in force on 2026-12-02"
  std::string running;   // the line on every page: agency, jurisdiction, date
  std::string disclaimer;
  std::string policy_version;
  std::vector<std::string> columns;  // the asks
  std::vector<RowText> rows;         // in Guide::rows order
};

PageText page_text(const Guide& g, const policy::Vocabulary& vocab, const policy::Wording& w);

}  // namespace trustgate::guide::text
