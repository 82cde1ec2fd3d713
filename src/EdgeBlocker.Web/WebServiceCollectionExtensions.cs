using System.Text.Json.Serialization;
using EdgeBlocker.Web.Metrics;
using EdgeBlocker.Web.Security;
using EdgeBlocker.Web.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.ApplicationParts;

namespace EdgeBlocker.Web;

/// <summary>Registers the web admin page and API. The host supplies the database, engine, writer and the
/// <c>EdgeBlocker.Web.Hosting</c> interfaces.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddEdgeBlockerWeb(this IServiceCollection services, WebOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton<PasswordService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<HealthProbe>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DashboardService>(sp, (Func<IReadOnlyList<Sync.ListSyncStatus>>)sp.GetRequiredService<Sync.ListSyncService>().Statuses));
        services.AddSingleton<LookupService>();
        services.AddSingleton<ListService>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<CallLogService>();
        services.AddSingleton<SettingsService>();
        services.AddSingleton<ServiceRestart>();
        services.AddSingleton<CallMetrics>();
        services.AddSingleton<PrometheusText>();
        services.AddSingleton<CookieEvents>();

        services.AddAuthentication(AuthSchemes.Select)
            .AddPolicyScheme(AuthSchemes.Select, AuthSchemes.Select, o => o.ForwardDefaultSelector = context =>
                context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? AuthSchemes.Token : AuthSchemes.Cookie)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = AuthSchemes.CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.ExpireTimeSpan = options.SessionLifetime;
                o.SlidingExpiration = true;
                o.EventsType = typeof(CookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(AuthSchemes.Token, null);

        // Every endpoint needs a login unless it says otherwise: a new endpoint cannot be forgotten.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(AuthSchemes.Select).RequireAuthenticatedUser().Build())
            .AddPolicy(WebRoles.AdminPolicy, p => p.AddAuthenticationSchemes(AuthSchemes.Select).RequireAuthenticatedUser().RequireRole(WebRoles.Admin));

        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.Name = "edgeblocker.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        var assembly = typeof(WebOptions).Assembly;
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/", WebRoles.AdminPolicy);
                o.Conventions.AllowAnonymousToPage("/Login");
                o.Conventions.AllowAnonymousToPage("/Setup");
            })
            .ConfigureApplicationPartManager(manager =>
            {
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    if (!manager.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
                    {
                        manager.ApplicationParts.Add(part);
                    }
                }
            });

        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi();
        return services;
    }
}
