use crate::compose::ComposeContext;
use crate::engine::diagnostic::Diagnostic;
use crate::engine::registry::{declare_rule, Source, Tool};

declare_rule! {
    /// ## What it does
    /// Flags a service that is given host devices (`devices:`).
    ///
    /// ## Why is this bad?
    /// A device file is a door into the kernel and the hardware: a disk read or written
    /// below the filesystem, a GPU's memory, a serial port. Each one given widens what a
    /// compromised container can do on the host. Keep the ones the app really needs,
    /// read-only (`:r`) where it can.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     devices:
    ///       - /dev/sda:/dev/sda
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// services:
    ///   app:
    ///     image: registry.example.com/app:1.0.0
    ///     volumes:
    ///       - data:/data
    /// volumes:
    ///   data: {}
    /// ```
    pub struct HostDevice {
        code: "CP103",
        name: "host-device",
        severity: Warning,
        file_kind: Compose,
        checklist: None,
        sources: [
            Source::same(Tool::ComposeSpec, "devices"),
        ],
        references: [same(CIS_5_18)],
    }
}

impl HostDevice {
    pub fn check(ctx: &ComposeContext<'_>, out: &mut Vec<Diagnostic>) {
        for service in &ctx.compose.services {
            for (device, node) in service.strings("devices").into_iter().filter(|(_, n)| service.writes(*n)) {
                let path = device.split(':').next().unwrap_or_default();
                out.push(
                    Diagnostic::new(&Self::META, node.range(), format!("Service `{}` is given the host device `{path}`: a way into the host's kernel and hardware", service.name))
                        .with_help("Remove the device unless the app needs it; give it read-only (`:r`) where it can"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::linter::testing::RuleTest;

    #[test]
    fn cases() {
        let rendered = RuleTest::new(&super::HostDevice::META)
            .pass(&["services:\n  app:\n    image: x:1\n"])
            .fail(&[
                "services:\n  app:\n    image: x:1\n    devices:\n      - /dev/sda:/dev/sda\n      - \"/dev/ttyUSB0:/dev/ttyUSB0:r\"\n",
            ])
            .run();
        insta::assert_snapshot!(rendered);
    }
}
