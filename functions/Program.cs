using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Telephony.Domain;
using Telephony.Infrastructure;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services
    .AddTelephonyDomain()
    .AddTelephonyInfrastructure(builder.Configuration);

builder.Build().Run();
