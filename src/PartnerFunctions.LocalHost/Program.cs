using PartnerFunctions.LocalHost.Hosting;

namespace PartnerFunctions.LocalHost;

/// <summary>Entry point: <c>dotnet PartnerFunctions.LocalHost.dll [--urls http://127.0.0.1:7071] [--Section:Key=value ...]</c>.</summary>
public static class LocalHostProgram
{
    public static Task Main(string[] args) => LocalHostApp.RunAsync(args);
}
