#!/bin/sh
# Adds the custom Microsoft Entra registration to a published staticwebapp.config.json: rolesSource works only with
# one, and the issuer names the tenant, known once azd has provisioned (AZURE_TENANT_ID). The client id and secret are
# the Static Web App's application settings ENTRA_CLIENT_ID / ENTRA_CLIENT_SECRET (infra/deploy/modules/web.bicep).
# The config in the repository has no registration, so the Static Web Apps CLI emulates sign-in locally.
set -eu
config="$1"
tenant="${AZURE_TENANT_ID:-}"
if ! printf '%s' "$tenant" | grep -Eqx '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'; then
  echo "AZURE_TENANT_ID must be the tenant's GUID (azd sets it when it provisions); it is '$tenant'." >&2
  exit 1
fi
if grep -q '"identityProviders"' "$config"; then
  echo "$config already names identity providers; not changed." >&2
  exit 1
fi
registration='"identityProviders": { "azureActiveDirectory": { "registration": { "openIdIssuer": "https://login.microsoftonline.com/'"$tenant"'/v2.0", "clientIdSettingName": "ENTRA_CLIENT_ID", "clientSecretSettingName": "ENTRA_CLIENT_SECRET" } } }'
sed -i "s|\"rolesSource\": \"/api/sign-in/roles\"|&, $registration|" "$config"
grep -q '"azureActiveDirectory"' "$config" || { echo "$config has no \"rolesSource\": \"/api/sign-in/roles\" to add the registration to." >&2; exit 1; }
