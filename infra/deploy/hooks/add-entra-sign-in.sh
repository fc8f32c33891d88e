#!/bin/sh
# Adds the `auth` section to a published staticwebapp.config.json: the custom Microsoft Entra registration and the
# rolesSource function (POST /api/sign-in/roles) that gives operators their site:{siteId} roles, which works only with a
# custom registration. The issuer names the tenant, known once azd has provisioned (AZURE_TENANT_ID); the client id and
# secret are the Static Web App's application settings ENTRA_CLIENT_ID / ENTRA_CLIENT_SECRET (modules/web.bicep).
# The config in the repository has no `auth`: with one, the Static Web Apps CLI (npm start) stops emulating sign-in.
set -eu
config="$1"
tenant="${AZURE_TENANT_ID:-}"
if ! printf '%s' "$tenant" | grep -Eqx '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'; then
  echo "AZURE_TENANT_ID must be the tenant's GUID (azd sets it when it provisions); it is '$tenant'." >&2
  exit 1
fi
if grep -q '"auth"' "$config" || [ "$(head -n 1 "$config")" != "{" ]; then
  echo "$config already has an auth section, or does not start with a line '{'; not changed." >&2
  exit 1
fi
auth='  "auth": { "rolesSource": "/api/sign-in/roles", "identityProviders": { "azureActiveDirectory": { "registration": { "openIdIssuer": "https://login.microsoftonline.com/'"$tenant"'/v2.0", "clientIdSettingName": "ENTRA_CLIENT_ID", "clientSecretSettingName": "ENTRA_CLIENT_SECRET" } } } },'
sed -i "1a\\
$auth" "$config"
