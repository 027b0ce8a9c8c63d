namespace PartnerFunctions.FunctionApp.Tests.Support;

/// <summary>Where things are in the repository this test run was built from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding PartnerFunctions.sln.</summary>
    public static string Root => RootPath.Value;

    public static string FunctionAppProject => Path.Combine(Root, "src", "PartnerFunctions.FunctionApp", "PartnerFunctions.FunctionApp.csproj");

    public static string OpenApiDocument => Path.Combine(Root, "docs", "openapi.json");

    public static string LocalSettingsSample => Path.Combine(Root, "local.settings.sample.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PartnerFunctions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("PartnerFunctions.sln not found above " + AppContext.BaseDirectory);
    }
}
