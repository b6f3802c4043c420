using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NetTumorBoard.Web.Platform.Identity;

/// <summary>ASP.NET Core Identity's EF Core store, in its own schema beside Marten's.</summary>
public sealed class IdentityDb(DbContextOptions<IdentityDb> options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    public const string Schema = "identity";

    public DbSet<BoardMembership> BoardMemberships => Set<BoardMembership>();

    /// <summary>Data-protection keys (cookies, bearer tokens, antiforgery) shared by every app instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.Discipline).HasConversion<string>().HasMaxLength(40);
            user.HasMany(u => u.Memberships).WithOne().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<BoardMembership>(membership =>
        {
            membership.ToTable("BoardMemberships");
            membership.HasKey(m => new { m.UserId, m.BoardId });
            membership.HasIndex(m => m.BoardId);
            membership.PrimitiveCollection(m => m.Roles).ElementType(e => e.HasConversion<string>());
        });
    }
}

/// <summary>Lets `dotnet ef migrations add` build the model without starting the app's database.</summary>
internal sealed class IdentityDbDesignFactory : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args)
    {
        // The store's schema version (3: with passkeys) comes from IdentityOptions, as it does in the app.
        var services = new ServiceCollection()
            .Configure<IdentityOptions>(o => o.Stores.SchemaVersion = IdentitySchemaVersions.Version3)
            .BuildServiceProvider();
        return new(new DbContextOptionsBuilder<IdentityDb>().UseNpgsql("Host=localhost;Database=design")
            .UseApplicationServiceProvider(services).Options);
    }
}
