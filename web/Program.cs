using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Microsoft.FluentUI.AspNetCore.Components;
using Telephony.Web;
using Telephony.Web.Api;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<App>("#app");
builder.RootComponents.Add<HeadOutlet>("head::after");

// Same origin: Static Web Apps (or the local CLI) serves the page and proxies /api to the Function app.
builder.Services.AddScoped(_ => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
builder.Services.AddScoped<TelephonyApi>();
builder.Services.AddScoped<Session>();
builder.Services.AddScoped<Telephony.Web.Numbers.SiteNumbers>();
builder.Services.AddFluentUIComponents();

await builder.Build().RunAsync();
