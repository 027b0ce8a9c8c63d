namespace PartnerFunctions.Domain.Tests.TestData;

/// <summary>Ids of the default catalog (PROGRAM.md), in catalog order.</summary>
internal static class CompetencyIds
{
    public const string EndpointSecurityEnt = "endpoint-security-ent";
    public const string EndpointSecuritySmb = "endpoint-security-smb";
    public const string EndpointManagement = "endpoint-management";
    public const string DataLossPrevention = "data-loss-prevention";
    public const string Encryption = "encryption";
    public const string MessagingWebSecurity = "messaging-web-security";
    public const string ThreatManagement = "threat-management";
    public const string IdentityAuthentication = "identity-authentication";
    public const string BackupRecoveryEnt = "backup-recovery-ent";
    public const string BackupRecoverySmb = "backup-recovery-smb";
    public const string ArchivingEdiscovery = "archiving-ediscovery";
    public const string StorageAvailability = "storage-availability";

    public static IReadOnlyList<string> All { get; } =
    [
        EndpointSecurityEnt,
        EndpointSecuritySmb,
        EndpointManagement,
        DataLossPrevention,
        Encryption,
        MessagingWebSecurity,
        ThreatManagement,
        IdentityAuthentication,
        BackupRecoveryEnt,
        BackupRecoverySmb,
        ArchivingEdiscovery,
        StorageAvailability,
    ];
}
