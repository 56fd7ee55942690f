using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

// Marks one symbol-version requirement of an ELF shared object as weak (VER_FLG_WEAK), so the dynamic loader
// accepts a system library that lacks that version. TorchSharp 0.107's libLibTorchSharp.so asks for
// GLIBCXX_3.4.32 for a single symbol that is never relocated; Debian 12's libstdc++ stops at 3.4.30.
// The file is rewritten through a temporary copy and a rename (the task is compiled for netstandard2.0), so a hard link into the NuGet cache is never
// modified in place, and its timestamp is kept so incremental copies stay skipped.
public sealed class WeakenVersionRequirement : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string VersionName { get; set; } = "";

    public string[] SystemLibraryCandidates { get; set; } = Array.Empty<string>();

    public override bool Execute()
    {
        if (SystemProvidesVersion())
        {
            Log.LogMessage(MessageImportance.Low, "System library provides {0}; nothing to patch.", VersionName);
            return true;
        }

        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            var bytes = File.ReadAllBytes(path);
            var offset = FindRequirementFlagsOffset(bytes, path);
            if (offset < 0)
            {
                continue;
            }

            var flags = BitConverter.ToUInt16(bytes, offset);
            if ((flags & VerFlagWeak) != 0)
            {
                continue;
            }

            BitConverter.GetBytes((ushort)(flags | VerFlagWeak)).CopyTo(bytes, offset);
            var timestamp = File.GetLastWriteTimeUtc(path);
            var temporary = path + ".weakening";
            File.WriteAllBytes(temporary, bytes);
            File.SetLastWriteTimeUtc(temporary, timestamp);
            File.Replace(temporary, path, null);
            Log.LogMessage(MessageImportance.Normal, "Marked {0} as a weak requirement in {1}.", VersionName, path);
        }

        return !Log.HasLoggedErrors;
    }

    private bool SystemProvidesVersion()
    {
        var needle = Encoding.ASCII.GetBytes(VersionName + "\0");
        foreach (var candidate in SystemLibraryCandidates)
        {
            if (File.Exists(candidate) && Contains(File.ReadAllBytes(candidate), needle))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(byte[] haystack, byte[] needle)
    {
        for (var start = Array.IndexOf(haystack, needle[0]); start >= 0 && start <= haystack.Length - needle.Length;
             start = Array.IndexOf(haystack, needle[0], start + 1))
        {
            var match = true;
            for (var k = 1; k < needle.Length && match; k++)
            {
                match = haystack[start + k] == needle[k];
            }

            if (match)
            {
                return true;
            }
        }

        return false;
    }

    // Returns the file offset of vna_flags for VersionName, or -1 when the object does not require it.
    private int FindRequirementFlagsOffset(byte[] elf, string path)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError("{0} is not a little-endian 64-bit ELF file.", path);
            return -1;
        }

        var sectionTable = checked((int)BitConverter.ToUInt64(elf, 0x28));
        int entrySize = BitConverter.ToUInt16(elf, 0x3A);
        int count = BitConverter.ToUInt16(elf, 0x3C);
        for (var index = 0; index < count; index++)
        {
            var header = sectionTable + index * entrySize;
            if (BitConverter.ToUInt32(elf, header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var needs = checked((int)BitConverter.ToUInt64(elf, header + 24));
            var stringTableIndex = (int)BitConverter.ToUInt32(elf, header + 40);
            var needCount = (int)BitConverter.ToUInt32(elf, header + 44);
            var strings = checked((int)BitConverter.ToUInt64(elf, sectionTable + stringTableIndex * entrySize + 24));

            var need = needs;
            for (var n = 0; n < needCount; n++)
            {
                int auxCount = BitConverter.ToUInt16(elf, need + 2);
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = strings + (int)BitConverter.ToUInt32(elf, aux + 8);
                    var end = Array.IndexOf(elf, (byte)0, name);
                    if (Encoding.ASCII.GetString(elf, name, end - name) == VersionName)
                    {
                        return aux + 4;
                    }

                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }

                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }

        return -1;
    }
}
