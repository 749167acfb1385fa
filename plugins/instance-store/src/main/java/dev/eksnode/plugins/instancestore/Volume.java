package dev.eksnode.plugins.instancestore;

import dev.eksnode.spi.FactKey;
import java.util.List;

/**
 * A block device ready to mount: an array or a disk, with a filesystem.
 *
 * @param device what the mount unit mounts, a name that holds across reboots
 * @param fsType the filesystem on it
 * @param fresh whether the filesystem was made in this run (so what the bind-mounted directories
 *     already hold is copied onto it)
 */
record Volume(String device, String fsType, boolean fresh) {

  /** The volumes {@code instance-store/disks} prepared, in mount order; private to this plugin. */
  record Prepared(List<Volume> volumes) {
    Prepared {
      volumes = List.copyOf(volumes);
    }
  }

  static final FactKey<Prepared> PREPARED = FactKey.of("instance-store.volumes", Prepared.class);
}
