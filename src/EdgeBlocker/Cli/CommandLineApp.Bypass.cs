using System.CommandLine;
using EdgeBlocker.Hosting;

namespace EdgeBlocker.Cli;

/// <summary><c>edgeblocker bypass [on|off]</c>: the CLI's side of the bypass button.</summary>
public sealed partial class CommandLineApp
{
    private Command BypassCommand()
    {
        var state = new Argument<string?>("on|off") { Description = "on: every call passes unscreened (recorded as bypass); off: calls are screened again; none: show the state", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("bypass", "Turn bypass on or off (kept across restarts, audited), or show it.") { state };
        command.SetAction(r =>
        {
            var bypass = new BypassSwitch(_context.Database.Settings, _context.Engine);
            var value = r.GetValue(state)?.Trim().ToUpperInvariant();
            if (value is null)
            {
                _out.WriteLine(bypass.Restore() ? "bypass on: every call passes unscreened" : "bypass off: calls are screened");
                return 0;
            }

            if (value is not ("ON" or "OFF"))
            {
                return Fail($"bypass: '{r.GetValue(state)}' must be on or off");
            }

            var on = value == "ON";
            var result = bypass.Set(on, _context.Who);
            if (!result.Succeeded)
            {
                return Fail(result.Error ?? "cannot store the bypass setting");
            }

            _out.WriteLine(on ? "bypass on: every call passes unscreened (recorded as bypass)" : "bypass off: calls are screened");
            return 0;
        });
        return command;
    }
}
