// The Markdown and HTML renderings of a guide: the same page text
// (guide_text.h), laid out for each format.
#include <string>

#include "base/text.h"
#include "guide_text.h"
#include "trustgate/guide/guide.h"

namespace trustgate::guide {

namespace {

std::string md(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_[]|<>").find(c) != std::string_view::npos) out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

std::string html(std::string_view s) { return base::html_escape(s); }

std::string if_word(policy::Language lang) {
  return lang == policy::Language::Spanish ? "Si " : "If ";
}

// A group of items: its condition (exceptions), each item's headline, then
// the lines explaining them.
std::string md_group(const text::ItemGroup& g, const std::vector<text::Item>& items,
                     policy::Language lang) {
  // The usual case's lines are a flat list; an exception's nest under its condition.
  std::string out, bullet = "- ";
  if (!g.when.empty()) {
    out = "- " + if_word(lang) + md(g.when) + ":\n";
    bullet = "  - ";
  }
  for (size_t i : g.items) {
    const text::Item& it = items[i];
    out += bullet + "**" + md(it.action) + "** — " + md(it.sentences.headline) + "\n";
  }
  for (const auto& [label, line] : g.lines) {
    out += bullet + (label.empty() ? "" : label + ": ") + md(line) + "\n";
  }
  return out;
}

std::string html_group(const text::ItemGroup& g, const std::vector<text::Item>& items,
                       policy::Language lang) {
  std::string out = "<li>";
  if (!g.when.empty()) out += "<span class=\"when\">" + if_word(lang) + html(g.when) + ":</span>";
  out += "<ul class=\"answers\">";
  for (size_t i : g.items) {
    const text::Item& it = items[i];
    out += "<li><b>" + html(it.action) + "</b> — <span class=\"answer c" +
           std::to_string(static_cast<int>(it.compliance)) + "\">" + html(it.sentences.headline) +
           "</span></li>";
  }
  out += "</ul><ul class=\"why\">";
  for (const auto& [label, line] : g.lines) {
    out += "<li>" + (label.empty() ? "" : "<i>" + html(label) + ":</i> ") + html(line) + "</li>";
  }
  return out + "</ul></li>\n";
}

constexpr const char* kStyle = R"css(
@page { size: letter; margin: 0.45in 0.55in; }
body { font: 9pt/1.3 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #000; margin: 0; }
table.page { width: 100%; border-collapse: collapse; break-before: page; }
table.page.first { break-before: auto; }
table.page > thead td, table.page > tfoot td { font-size: 8pt; color: #333; padding: 0; }
table.page > thead td { border-bottom: 1px solid #999; padding-bottom: 3pt; }
table.page > tfoot td { border-top: 1px solid #999; padding-top: 3pt; }
table.page > tbody > tr > td { padding: 8pt 0; vertical-align: top; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
h2 { font-size: 13pt; margin: 0 0 6pt; }
h3 { font-size: 11pt; margin: 10pt 0 2pt; break-after: avoid; }
table.summary { border-collapse: collapse; width: 100%; font-size: 8pt; table-layout: fixed; }
table.summary th, table.summary td { border: 1px solid #555; padding: 3pt; vertical-align: top; }
table.summary thead th { background: #e6e6e6; }
table.summary tbody th { text-align: left; }
table.summary thead th:first-child { width: 17%; }
table.summary th, table.summary td { overflow-wrap: anywhere; hyphens: auto; }
.c0 { color: #0b5d1e; } .c1 { color: #9b1c1c; } .c2 { color: #7a4b00; } .c3 { color: #3b2a8a; }
td.c0, td.c1, td.c2, td.c3 { font-weight: bold; }
ul { margin: 1pt 0 3pt; padding-left: 13pt; }
ul.answers { list-style: none; padding-left: 0; }
ul.why { color: #222; }
.when { font-style: italic; }
.meta { font-size: 8pt; color: #333; }
@media screen { body { max-width: 8in; margin: 1em auto; } }
)css";

// A printed page (or run of pages) whose head and foot repeat on every
// sheet: the agency and law's date above, the disclaimer below.
std::string page(const text::PageText& p, bool first, const std::string& body) {
  return "<table class=\"page" + std::string(first ? " first" : "") + "\">\n<thead><tr><td>" +
         html(p.running) + "</td></tr></thead>\n<tfoot><tr><td>" + html(p.disclaimer) +
         "</td></tr></tfoot>\n<tbody><tr><td>\n" + body + "</td></tr></tbody>\n</table>\n";
}

}  // namespace

std::string guide_to_markdown(const Guide& g, const policy::Vocabulary& vocab,
                              const policy::Wording& w) {
  const policy::Language lang = w.language();
  const text::Strings& s = text::strings(lang);
  text::PageText p = text::page_text(g, vocab, w);
  const std::string banner = "> " + md(p.running) + " — " + md(p.disclaimer) + "\n\n";
  std::string out = "# " + md(p.title) + "\n\n" + banner + "## " + md(s.summary) + "\n\n| " +
                    md(s.document) + " |";
  for (const std::string& c : p.columns) out += " " + md(c) + " |";
  out += "\n|---|";
  for (size_t i = 0; i < p.columns.size(); ++i) out += "---|";
  out += "\n";
  for (size_t d = 0; d < kDocuments; ++d) {
    out += "| " + md(p.rows[d * kAsks].document) + " |";
    for (size_t a = 0; a < kAsks; ++a) {
      const text::RowText& r = p.rows[d * kAsks + a];
      out += " " + md(r.cell) + (r.changes ? " " + s.changes_mark : "") + " |";
    }
    out += "\n";
  }
  out += "\n" + md(s.legend) + "\n\n" + md(s.generated) + " " + md(p.policy_version) + "\n";
  for (size_t d = 0; d < kDocuments; ++d) {
    out += "\n---\n\n" + banner + "## " + md(p.rows[d * kAsks].document) + "\n";
    for (size_t a = 0; a < kAsks; ++a) {
      const text::RowText& r = p.rows[d * kAsks + a];
      out += "\n### " + md(r.ask) + "\n\n" + md(s.usual_case) + ": " + md(r.usual_case) + "\n\n";
      for (const text::ItemGroup& ig : r.usual_groups) out += md_group(ig, r.usual, lang);
      out += "\n" + md(s.what_changes) + ":\n\n";
      if (r.exceptions.empty()) out += "- " + md(s.nothing_changes) + "\n";
      for (const text::ItemGroup& ig : r.exception_groups) out += md_group(ig, r.exceptions, lang);
      out += "\n" + md(s.coverage) + ": " + md(r.coverage) + "\n";
    }
  }
  return out;
}

std::string guide_to_html(const Guide& g, const policy::Vocabulary& vocab,
                          const policy::Wording& w) {
  const policy::Language lang = w.language();
  const text::Strings& s = text::strings(lang);
  text::PageText p = text::page_text(g, vocab, w);
  std::string out = "<!DOCTYPE html>\n<html lang=\"" + std::string(policy::language_code(lang)) +
                    "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + html(p.title) +
                    "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  std::string body = "<h1>" + html(p.title) + "</h1>\n<p class=\"meta\">" + html(p.subtitle) +
                     "</p>\n<h2>" + html(s.summary) + "</h2>\n";
  body += "<table class=\"summary\">\n<thead><tr><th scope=\"col\">" + html(s.document) + "</th>";
  for (const std::string& c : p.columns) body += "<th scope=\"col\">" + html(c) + "</th>";
  body += "</tr></thead>\n<tbody>\n";
  for (size_t d = 0; d < kDocuments; ++d) {
    body += "<tr><th scope=\"row\">" + html(p.rows[d * kAsks].document) + "</th>";
    for (size_t a = 0; a < kAsks; ++a) {
      const text::RowText& r = p.rows[d * kAsks + a];
      bool alike = true;
      for (const text::Item& it : r.usual) alike = alike && it.compliance == r.usual[0].compliance;
      std::string cls =
          alike ? " class=\"c" + std::to_string(static_cast<int>(r.usual[0].compliance)) + "\""
                : "";
      body += "<td" + cls + ">" + html(r.cell) + (r.changes ? " " + html(s.changes_mark) : "") +
              "</td>";
    }
    body += "</tr>\n";
  }
  body += "</tbody>\n</table>\n<p class=\"meta\">" + html(s.legend) + "</p>\n<p class=\"meta\">" +
          html(s.generated) + " " + html(p.policy_version) + "</p>\n";
  out += page(p, true, body);
  for (size_t d = 0; d < kDocuments; ++d) {
    body = "<h2>" + html(p.rows[d * kAsks].document) + "</h2>\n";
    for (size_t a = 0; a < kAsks; ++a) {
      const text::RowText& r = p.rows[d * kAsks + a];
      body += "<h3>" + html(r.ask) + "</h3>\n<p><i>" + html(s.usual_case) + ":</i> " +
              html(r.usual_case) + "</p>\n<ul>\n";
      for (const text::ItemGroup& ig : r.usual_groups) body += html_group(ig, r.usual, lang);
      body += "</ul>\n<p><i>" + html(s.what_changes) + ":</i></p>\n<ul>\n";
      if (r.exceptions.empty()) body += "<li>" + html(s.nothing_changes) + "</li>\n";
      for (const text::ItemGroup& ig : r.exception_groups)
        body += html_group(ig, r.exceptions, lang);
      body += "</ul>\n<p class=\"meta\">" + html(s.coverage) + ": " + html(r.coverage) + "</p>\n";
    }
    out += page(p, false, body);
  }
  return out + "</body>\n</html>\n";
}

}  // namespace trustgate::guide
