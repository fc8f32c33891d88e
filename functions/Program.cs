using Microsoft.Extensions.Hosting;
using Telephony.Functions;

TelephonyHost.Build(args).Run();
