namespace EdgeBlocker.Sync;

/// <summary>Makes the lists as stored now the ones screened (rebuilds and swaps the screening snapshot); implemented by the host.</summary>
public interface IListActivator
{
    void ActivateLists();
}
