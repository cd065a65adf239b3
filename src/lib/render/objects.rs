//! The context as minijinja objects: nodes, BMCs and their parts are handed to templates
//! as lazy objects whose fields are converted only when a template reads them. At
//! 100,000 nodes, converting everything up front cost more than a second and a gigabyte
//! of fresh memory; most targets read a handful of fields.

use super::context::{BmcCtx, BootCtx, Context, HardwareCtx, InterfaceCtx, NodeCtx, PowerCtx};
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use std::net::IpAddr;
use std::sync::Arc;

/// Conversion of one context field to a template value.
trait CtxValue {
    fn ctx_value(&self) -> Value;
}

impl CtxValue for String {
    fn ctx_value(&self) -> Value {
        Value::from(self.as_str())
    }
}

impl CtxValue for Arc<str> {
    fn ctx_value(&self) -> Value {
        Value::from(&**self)
    }
}

impl CtxValue for bool {
    fn ctx_value(&self) -> Value {
        Value::from(*self)
    }
}

macro_rules! numbers {
    ($($t:ty),*) => { $(impl CtxValue for $t {
        fn ctx_value(&self) -> Value { Value::from(*self) }
    })* };
}
numbers!(u8, u16, u32, u64, i32);

impl CtxValue for IpAddr {
    fn ctx_value(&self) -> Value {
        Value::from(self.to_string())
    }
}

impl<T: CtxValue> CtxValue for Option<T> {
    fn ctx_value(&self) -> Value {
        match self {
            Some(v) => v.ctx_value(),
            None => Value::from(()),
        }
    }
}

impl<T: CtxValue> CtxValue for Vec<T> {
    fn ctx_value(&self) -> Value {
        Value::from(self.iter().map(CtxValue::ctx_value).collect::<Vec<_>>())
    }
}

impl<T: Object + Send + Sync + 'static> CtxValue for Arc<T> {
    fn ctx_value(&self) -> Value {
        Value::from_dyn_object(self.clone())
    }
}

/// Fields converted through serde (maps, discovered GPU lists).
struct ViaSerde<'a, T>(&'a T);

impl<T: serde::Serialize> ViaSerde<'_, T> {
    fn ctx_value(&self) -> Value {
        Value::from(Serde(self.0))
    }
}

/// Implements [`Object`] for a context struct: each named field is converted on access
/// with [`CtxValue`], each `serde` field through serde; any other key is undefined (an
/// error under strict undefined).
macro_rules! lazy_object {
    ($ty:ty { $($field:ident),* $(,)? } serde { $($sfield:ident),* $(,)? }) => {
        impl Object for $ty {
            fn repr(self: &Arc<Self>) -> ObjectRepr {
                ObjectRepr::Map
            }

            fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
                match key.as_str()? {
                    $(stringify!($field) => Some(self.$field.ctx_value()),)*
                    $(stringify!($sfield) => Some(ViaSerde(&self.$sfield).ctx_value()),)*
                    _ => None,
                }
            }

            fn enumerate(self: &Arc<Self>) -> Enumerator {
                Enumerator::Str(&[$(stringify!($field),)* $(stringify!($sfield),)*])
            }
        }
    };
}

lazy_object!(NodeCtx {
    name, fqdn, xname, nid, role, subrole, arch, groups, tenant, ip, mac, interface,
    interfaces, fabrics, bmc, power, boot, hardware, file,
} serde { labels, vars, vm });

lazy_object!(InterfaceCtx {
    name, mac, ip, network, cidr, prefix, netmask, gateway, mtu, vlan, link, fabric, guid,
    nic_address, nvlink_domain, boot, primary,
} serde {});

lazy_object!(BmcCtx {
    name, xname, kind, ip, fqdn, address, mac, network, netmask, gateway, port, credentials,
    vendor, model, firmware, nodes,
} serde { labels });

lazy_object!(BootCtx { profile, kind, kernel, initrd, rootfs, params } serde {});

lazy_object!(HardwareCtx {
    manufacturer, model, serial, uuid, bios_version, cpu_model, sockets, cores_per_socket,
    threads_per_core, cpus, memory_mib, gpu_count,
} serde { gpus });

lazy_object!(PowerCtx { device, command, plug } serde {});

impl Context {
    /// The template value of the whole context (nodes and BMCs as lazy objects).
    pub fn to_value(&self) -> Value {
        minijinja::context! {
            cluster => Value::from(Serde(&self.cluster)),
            networks => Value::from(Serde(&self.networks)),
            nodes => self.nodes.ctx_value(),
            disabled_nodes => Value::from(Serde(&self.disabled_nodes)),
            bmcs => self.bmcs.ctx_value(),
            groups => Value::from(Serde(&self.groups)),
            tenants => Value::from(Serde(&self.tenants)),
            files => Value::from(Serde(&self.files)),
            partitions => Value::from(Serde(&self.partitions)),
        }
    }
}
