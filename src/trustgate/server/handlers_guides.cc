// The field guides (guide.h), public: GET /v1/guides/{jurisdiction}
// ?agency=&at=&lang=&format=. A guide decides the whole request space and a
// PDF starts Chromium, so the route runs on a worker thread.
#include "base/clock.h"
#include "service_impl.h"
#include "trustgate/guide/guide.h"

namespace trustgate::server {

HttpResponse ServiceImpl::get_guide(Call& call) {
  const std::string jurisdiction(call.param("jurisdiction"));
  const std::string agency = call.query("agency");
  if (agency.empty()) return problem(bad_query("agency", "required"));
  auto chain = library_->chain(jurisdiction);
  if (!chain) return problem(base::not_found("no jurisdiction \"" + jurisdiction + "\""));
  policy::Date date = chain->local_date(base::now_unix_seconds(), policy::today_utc());
  if (std::string at = call.query("at"); !at.empty()) {
    auto d = policy::parse_date(at);
    if (!d) return problem(bad_query("at", d.error().message));
    date = *d;
  }
  auto lang = policy::parse_language(call.query("lang", "en"));
  if (!lang) return problem(bad_query("lang", "expected en or es"));
  const std::string format_name = call.query("format", "html");
  auto format = guide::parse_format(format_name);
  if (!format) return problem(bad_query("format", "expected html, pdf or md"));
  auto text = guide::render_guide(*library_, jurisdiction, agency, date, *lang, *format);
  if (!text) {
    base::Error e = text.error();
    if (e.field == "/agency") return problem(bad_query("agency", e.message));
    return problem(e);
  }
  HttpResponse r;
  r.content_type = *format == guide::Format::Pdf        ? "application/pdf"
                   : *format == guide::Format::Markdown ? "text/markdown; charset=utf-8"
                                                        : "text/html; charset=utf-8";
  r.headers.emplace_back("Content-Language", std::string(policy::language_code(*lang)));
  r.body = std::move(*text);
  return r;
}

}  // namespace trustgate::server
