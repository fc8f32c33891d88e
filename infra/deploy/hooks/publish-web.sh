#!/bin/sh
# azd's predeploy hook of the service `web` (azure.yaml), run in web/: publishes the page as the browser tests do
# (Release, trimmed, compressed, the import map's hash in staticwebapp.config.json) into bin/azd-publish, whose
# wwwroot/ is the service's `dist`, then adds the Microsoft Entra sign-in the deployed Static Web App uses.
set -eu
rm -rf bin/azd-publish
dotnet publish Telephony.Web.csproj -c Release -o bin/azd-publish
sh ../infra/deploy/hooks/add-entra-sign-in.sh bin/azd-publish/wwwroot/staticwebapp.config.json
