using System.Text;
using EdgeBlocker.Web.Security;

namespace EdgeBlocker.Cli;

/// <summary>
/// Reads a new admin password for <c>edgeblocker passwd</c>: typed twice without echo on a terminal, or one line from
/// standard input (scripts). Hashed here: only the hash travels to the service through the control socket.
/// </summary>
public static class PasswordPrompt
{
    /// <summary>The command the service runs, or an error for the user.</summary>
    public static (string[]? Command, string? Error) ToCommand(TextWriter prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        string? password, confirmation;
        if (Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
            confirmation = password;
        }
        else
        {
            password = ReadHidden(prompt, "New admin password: ");
            confirmation = ReadHidden(prompt, "Again: ");
        }

        var problem = PasswordService.Problem(password, confirmation);
        return problem is null ? (["passwd", "--hash", PasswordService.Hash(password!)], null) : (null, problem);
    }

    private static string ReadHidden(TextWriter prompt, string label)
    {
        prompt.Write(label);
        prompt.Flush();
        var text = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                text.Length = Math.Max(0, text.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar) && text.Length < 1024)
            {
                text.Append(key.KeyChar);
            }
        }

        prompt.WriteLine();
        return text.ToString();
    }
}
