using EdgeBlocker.Web;
using EdgeBlocker.Web.Hosting;
using Microsoft.Extensions.Configuration;

namespace EdgeBlocker.Hosting.Web;

/// <summary>Checks settings from the web page with the service's own start-up validation, on top of the running configuration.</summary>
public sealed class SettingsValidator : ISettingsValidator
{
    private readonly IConfiguration _running;

    public SettingsValidator(IConfiguration running) => _running = running;

    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> changes)
    {
        var candidate = new ConfigurationBuilder().AddConfiguration(_running).AddInMemoryCollection(changes!).Build();
        try
        {
            ServiceHost.LoadConfiguration(candidate);
            IndicatorsServiceCollectionExtensions.BindOptions(candidate); // LED pins: in range, all different
            return WebHosting.ReadOptions(candidate).Validate();
        }
        catch (StartupException e)
        {
            return e.Message.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
