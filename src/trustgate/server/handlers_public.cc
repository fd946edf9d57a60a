// Operations for the public pages: the know-your-rights information of a
// jurisdiction (the "public" member of each layer's pack.json,
// policy/public_info.h).
#include "service_impl.h"

namespace trustgate::server {

// {"jurisdiction", "name", "disclaimer", "layers": [{"pack", "name", "layer",
//  "contacts", "rights", "translations"}]}: the layers that publish something, most
// specific first (a city's legal-aid contacts before the state's and the
// federal ones).
HttpResponse ServiceImpl::know_your_rights(Call& call) {
  auto chain = library_->chain(call.param("id"));
  if (!chain)
    return problem(base::not_found("no jurisdiction \"" + std::string(call.param("id")) + "\""));
  using common::Json;
  Json j = Json::object();
  j.set("jurisdiction", chain->jurisdiction);
  j.set("name", chain->packs.back()->name);
  j.set("disclaimer", chain->packs.back()->disclaimer);
  Json& layers = j.set("layers", Json::array());
  for (auto it = chain->packs.rbegin(); it != chain->packs.rend(); ++it) {
    auto info = public_info_.find((*it)->id);
    if (info == public_info_.end()) continue;
    Json layer = Json::object();
    layer.set("pack", (*it)->id);
    layer.set("name", (*it)->name);
    layer.set("layer", (*it)->layer);
    for (const char* key : {"contacts", "rights"}) {
      const Json* list = info->second.find(key);
      layer.set(key, list ? *list : Json::array());
    }
    const Json* translations = info->second.find("translations");
    layer.set("translations", translations ? *translations : Json::object());
    layers.push(std::move(layer));
  }
  return json_response(j);
}

}  // namespace trustgate::server
