using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Telephony.Functions;
using Telephony.Functions.Security;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseTelephonySecurity();
builder.Services.AddTelephonyApp(builder.Configuration);

builder.Build().Run();
