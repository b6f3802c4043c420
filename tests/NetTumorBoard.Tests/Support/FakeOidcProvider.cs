using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace NetTumorBoard.Tests.Support;

/// <summary>
/// A small but real OpenID Connect provider on a loopback port, standing in for the hospital's: discovery, JWKS,
/// an authorization endpoint that signs in whoever the test put in <see cref="NextUser"/>, and a token endpoint that
/// checks the client secret and PKCE and issues an RS256-signed ID token. The app under test talks to it over HTTP
/// exactly as it would to a real IdP.
/// </summary>
public sealed class FakeOidcProvider : IAsyncDisposable
{
    public const string ClientId = "nettumorboard-test";
    public const string ClientSecret = "test-client-secret";
    private const string KeyId = "test-key-1";

    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _foreignKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private WebApplication? _app;

    private sealed record Grant(Dictionary<string, object> Claims, string? Nonce, string? Challenge, string RedirectUri, bool Foreign);

    public string Authority { get; private set; } = "";

    /// <summary>The ID token claims of the person the next sign-in is for; null: the IdP answers access_denied.</summary>
    public Dictionary<string, object>? NextUser { get; set; }

    /// <summary>Sign the next ID token with a key the IdP does not publish (a forged token).</summary>
    public bool SignWithForeignKey { get; set; }

    public int TokensIssued;

    public static async Task<FakeOidcProvider> StartAsync()
    {
        var provider = new FakeOidcProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        provider.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        provider.Authority = address.TrimEnd('/');
        provider._app = app;
        return provider;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = Authority + "/authorize",
            ["token_endpoint"] = Authority + "/token",
            ["jwks_uri"] = Authority + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));

        app.MapGet("/jwks", () =>
        {
            var p = _key.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } },
            });
        });

        app.MapGet("/authorize", (HttpRequest request) =>
        {
            var q = request.Query;
            var redirect = q["redirect_uri"].ToString();
            var state = Uri.EscapeDataString(q["state"].ToString());
            if (q["client_id"] != ClientId || q["response_type"] != "code" || string.IsNullOrEmpty(redirect))
            {
                return Results.BadRequest("bad authorization request");
            }
            if (NextUser is not { } user)
            {
                return Results.Redirect($"{redirect}?error=access_denied&state={state}");
            }
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(new Dictionary<string, object>(user), q["nonce"], q["code_challenge"], redirect, SignWithForeignKey);
            return Results.Redirect($"{redirect}?code={code}&state={state}");
        });

        app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            if (!_codes.TryRemove(form["code"].ToString(), out var grant) || form["grant_type"] != "authorization_code"
                || form["client_id"] != ClientId || form["client_secret"] != ClientSecret || form["redirect_uri"] != grant.RedirectUri)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }
            var verifier = form["code_verifier"].ToString();
            if (grant.Challenge is null || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != grant.Challenge)
            {
                return Results.Json(new { error = "invalid_grant", error_description = "PKCE verification failed" }, statusCode: 400);
            }
            var claims = new Dictionary<string, object>(grant.Claims);
            if (grant.Nonce is { Length: > 0 } nonce)
            {
                claims["nonce"] = nonce;
            }
            var now = DateTime.UtcNow;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Authority,
                Audience = ClientId,
                Claims = claims,
                IssuedAt = now,
                NotBefore = now,
                Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(new RsaSecurityKey(grant.Foreign ? _foreignKey : _key) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
            });
            Interlocked.Increment(ref TokensIssued);
            return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        _key.Dispose();
        _foreignKey.Dispose();
    }
}
